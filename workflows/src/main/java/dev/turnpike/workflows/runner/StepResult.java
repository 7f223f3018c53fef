package dev.turnpike.workflows.runner;

import dev.turnpike.workflows.approval.ApprovalAsk;
import dev.turnpike.workflows.spawn.SpawnAsk;
import dev.turnpike.workflows.turn.Failure;

/**
 * What the workflow must know of a runner step; the step's events are already in PostgreSQL.
 * {@code approval} is set only with NEEDS_APPROVAL, {@code spawn} only with SPAWNED.
 */
public record StepResult(
    StepStatus status, int nextPosition, Failure failure, ApprovalAsk approval, SpawnAsk spawn) {
  public StepResult(StepStatus status, int nextPosition, Failure failure, ApprovalAsk approval) {
    this(status, nextPosition, failure, approval, null);
  }

  public static StepResult done(int position) {
    return new StepResult(StepStatus.DONE, position, null, null);
  }

  public static StepResult failed(int position, Failure failure) {
    return new StepResult(StepStatus.FAILED, position, failure, null);
  }

  public static StepResult pause(int position) {
    return new StepResult(StepStatus.CONTINUE, position, null, null);
  }

  public static StepResult needsApproval(int position, ApprovalAsk approval) {
    return new StepResult(StepStatus.NEEDS_APPROVAL, position, null, approval);
  }

  public static StepResult spawned(int position, SpawnAsk spawn) {
    return new StepResult(StepStatus.SPAWNED, position, null, null, spawn);
  }
}
