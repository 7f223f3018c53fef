package dev.turnpike.api.session;

/** Body of {@code POST /v1/agent_sessions}. */
public record SessionRequest(String agentId, String title, String agentRole) {}
