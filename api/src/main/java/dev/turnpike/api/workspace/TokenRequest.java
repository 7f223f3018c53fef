package dev.turnpike.api.workspace;

/** Body of {@code POST /v1/api_tokens}. */
public record TokenRequest(String workspaceId, String name) {}
