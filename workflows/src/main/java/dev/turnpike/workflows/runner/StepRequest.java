package dev.turnpike.workflows.runner;

import dev.turnpike.workflows.approval.ApprovalDecision;
import dev.turnpike.workflows.spawn.ChildOutcome;
import dev.turnpike.workflows.turn.TurnStart;

/**
 * Asks the turn's runner to go on from {@code position} (a runner-defined resume point, 0 at the
 * start). {@code step} counts the runner activities of the turn. {@code decision} is the decision
 * on the approval the previous step asked for, {@code child} the outcome of the sub-agent it
 * spawned, if it did.
 */
public record StepRequest(
    TurnStart turn, int step, int position, ApprovalDecision decision, ChildOutcome child) {
  public StepRequest(TurnStart turn, int step, int position) {
    this(turn, step, position, null, null);
  }
}
