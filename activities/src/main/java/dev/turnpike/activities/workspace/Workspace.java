package dev.turnpike.activities.workspace;

public record Workspace(String id, String name, long createdAt, long updatedAt, String etag) {}
