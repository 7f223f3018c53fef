package dev.turnpike.workflows.spawn;

import dev.turnpike.workflows.turn.TurnState;

/** How a spawned sub-agent's turn ended, handed back to the parent's runner. */
public record ChildOutcome(String sessionId, String turnId, TurnState state) {}
