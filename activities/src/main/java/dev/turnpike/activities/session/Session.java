package dev.turnpike.activities.session;

import com.fasterxml.jackson.databind.JsonNode;

/** The agent session object of the Agents API v1, plus {@code state}. */
public record Session(
    String id,
    String workspaceId,
    String organizationId,
    String agentId,
    String title,
    String createdBy,
    String parentSessionId,
    String forkedFromSessionId,
    String spawnedByTurnId,
    String agentRole,
    String currentSandboxId,
    String lastEventCursor,
    Long eventsRetainedUntil,
    Long filesystemRetainedUntil,
    boolean filesystemPinned,
    JsonNode usageSummary,
    SessionState state,
    long createdAt,
    long updatedAt,
    String etag) {}
