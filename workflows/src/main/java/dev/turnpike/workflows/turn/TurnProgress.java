package dev.turnpike.workflows.turn;

/** What a running turn is doing, for operators (a query; never on the API's hot path). */
public record TurnProgress(String phase, int step, int position) {}
