package dev.turnpike.activities.workspace;

/** A workspace. {@code eventRetentionDays} null: events are kept for ever. */
public record Workspace(
    String id,
    String name,
    Integer eventRetentionDays,
    long createdAt,
    long updatedAt,
    String etag) {}
