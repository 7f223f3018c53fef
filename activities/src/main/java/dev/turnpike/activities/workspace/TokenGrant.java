package dev.turnpike.activities.workspace;

/** What a token grants: its's id, its home workspace and whether it may act in any workspace. */
public record TokenGrant(String tokenId, String homeWorkspaceId, boolean admin) {}
