package dev.turnpike.activities.event;

import com.fasterxml.jackson.databind.JsonNode;

/** The agent event object of the Agents API v1. */
public record Event(
    String id,
    String workspaceId,
    String agentId,
    String sessionId,
    String turnId,
    long sequence,
    String cursor,
    String type,
    long createdAt,
    JsonNode data) {}
