package dev.turnpike.api.auth;

/** The authenticated caller of a request and the one workspace the request acts in. */
public record Caller(String tokenId, String workspaceId, boolean admin) {
  public static final String ATTRIBUTE = "turnpike.caller";
}
