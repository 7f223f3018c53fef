package dev.turnpike.workflows.turn;

/** Input of a {@link TurnWorkflow}: ids only; the turn's content stays in PostgreSQL. */
public record TurnStart(String workspaceId, String sessionId, String turnId) {}
