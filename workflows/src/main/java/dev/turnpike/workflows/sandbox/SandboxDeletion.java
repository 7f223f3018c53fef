package dev.turnpike.workflows.sandbox;

/** Delete the sandbox of this archived session. */
public record SandboxDeletion(String workspaceId, String sessionId) {}
