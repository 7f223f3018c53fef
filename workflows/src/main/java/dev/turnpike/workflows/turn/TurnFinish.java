package dev.turnpike.workflows.turn;

public record TurnFinish(TurnStart turn, TurnOutcome outcome) {}
