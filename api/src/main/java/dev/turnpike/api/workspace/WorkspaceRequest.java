package dev.turnpike.api.workspace;

/** Body of {@code POST /v1/workspaces}. */
public record WorkspaceRequest(String name) {}
