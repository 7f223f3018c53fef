package dev.turnpike.activities.workspace;

/**
 * An API token as listed: never the secret. {@code token} is set only in the response that
 * creates it, the one time the secret is shown.
 */
public record ApiToken(
    String id, String workspaceId, String name, boolean admin, long createdAt, String token) {}
