package dev.turnpike.workflows.runner;

import dev.turnpike.workflows.turn.Failure;

/** What the workflow must know of a runner step; the step's events are already in PostgreSQL. */
public record StepResult(StepStatus status, int nextPosition, Failure failure) {
  public static StepResult done(int position) {
    return new StepResult(StepStatus.DONE, position, null);
  }

  public static StepResult failed(int position, Failure failure) {
    return new StepResult(StepStatus.FAILED, position, failure);
  }

  public static StepResult pause(int position) {
    return new StepResult(StepStatus.CONTINUE, position, null);
  }
}
