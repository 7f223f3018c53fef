package dev.turnpike.activities.workspace;

/** Who is calling: the token's id, its home workspace and whether it may act in any workspace. */
public record Caller(String tokenId, String homeWorkspaceId, boolean admin) {}
