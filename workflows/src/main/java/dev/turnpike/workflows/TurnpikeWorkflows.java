package dev.turnpike.workflows;

import dev.turnpike.workflows.retention.RetentionWorkflowImpl;
import dev.turnpike.workflows.sandbox.SandboxDeletionWorkflowImpl;
import dev.turnpike.workflows.session.SessionWorkflowImpl;
import dev.turnpike.workflows.turn.TurnActivityOptions;
import dev.turnpike.workflows.turn.TurnTimeouts;
import dev.turnpike.workflows.turn.TurnWorkflowImpl;
import io.temporal.worker.Worker;

/** Registers Turnpike's workflow implementations, with their activity options, on a worker. */
public final class TurnpikeWorkflows {
  private TurnpikeWorkflows() {}

  public static void register(Worker worker, TurnTimeouts timeouts) {
    worker.registerWorkflowImplementationTypes(
        TurnActivityOptions.implementationOptions(timeouts),
        SessionWorkflowImpl.class,
        TurnWorkflowImpl.class,
        RetentionWorkflowImpl.class,
        SandboxDeletionWorkflowImpl.class);
  }
}
