package dev.turnpike.workflows.runner;

public enum StepStatus {
  /** The runner stopped at a point where the workflow decides; call again from nextPosition. */
  CONTINUE,
  DONE,
  FAILED,
  /** A gated action: the request is written; resume from nextPosition with its decision. */
  NEEDS_APPROVAL,
  /** A sub-agent was spawned: resume from nextPosition with its outcome once it has ended. */
  SPAWNED
}
