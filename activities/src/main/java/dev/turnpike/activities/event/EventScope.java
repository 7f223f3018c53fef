package dev.turnpike.activities.event;

/** Where events are appended: one turn of one session. */
public record EventScope(String workspaceId, String agentId, String sessionId, String turnId) {}
