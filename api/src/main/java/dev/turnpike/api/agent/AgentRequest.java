package dev.turnpike.api.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Body of {@code POST /v1/agents} and {@code PATCH /v1/agents/{id}} (all fields optional there). */
public record AgentRequest(
    String name,
    String description,
    String instructions,
    List<String> capabilities,
    JsonNode modelPolicy,
    JsonNode ambient,
    JsonNode runner,
    Long approvalTimeoutSeconds) {}
