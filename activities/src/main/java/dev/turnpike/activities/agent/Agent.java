package dev.turnpike.activities.agent;

import com.fasterxml.jackson.databind.JsonNode;

/** The agent object of the Agents API v1, plus Turnpike's {@code runner} block. */
public record Agent(
    String id,
    String workspaceId,
    String organizationId,
    String name,
    String description,
    String instructions,
    AgentState state,
    String origin,
    JsonNode capabilities,
    JsonNode ambient,
    JsonNode modelPolicy,
    JsonNode runner,
    int approvalTimeoutSeconds,
    String createdBy,
    JsonNode usageSummary,
    long createdAt,
    long updatedAt,
    String etag) {

  public String runnerType() {
    return runner.path("type").asText("scripted");
  }
}
