package dev.turnpike.activities.turn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.workflows.turn.Failure;
import dev.turnpike.workflows.turn.TurnState;

/**
 * The agent turn object of the Agents API v1. {@code state} and {@code status} carry the same
 * value: the contract names it state, the design brief status; clients may read either.
 * {@code queuePosition} is set while the turn is QUEUED: how many of its session's turns are
 * ahead of it (the running one included).
 */
public record Turn(
    String id,
    String workspaceId,
    String organizationId,
    String agentId,
    String sessionId,
    Input input,
    String model,
    String createdBy,
    TurnState state,
    TurnState status,
    Long startedAt,
    Long completedAt,
    String decisionReason,
    Failure admissionError,
    JsonNode usageSummary,
    Failure failure,
    long createdAt,
    long updatedAt,
    String multitaskStrategy,
    Integer queuePosition,
    String etag) {

  public record Input(String content) {}
}
