package dev.turnpike.workflows.runner;

import dev.turnpike.workflows.turn.TurnStart;

/**
 * Asks the turn's runner to go on from {@code position} (a runner-defined resume point, 0 at the
 * start). {@code step} counts the runner activities of the turn.
 */
public record StepRequest(TurnStart turn, int step, int position) {}
