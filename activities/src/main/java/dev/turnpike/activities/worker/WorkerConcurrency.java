package dev.turnpike.activities.worker;

import io.micronaut.context.annotation.Value;
import io.temporal.worker.WorkerOptions;
import jakarta.inject.Singleton;

/**
 * How much of Turnpike's own work the worker runs at once ({@code turnpike.worker.*}). Workflow
 * tasks and a turn's begin and finish (local activities) use CPU only; on a small machine that
 * also serves the API, fewer of them at once leave more of it to requests. Runner steps wait on
 * models and processes, so they keep Temporal's default. Unset, Temporal's defaults apply.
 */
@Singleton
public final class WorkerConcurrency {
  private final int workflowTasks;
  private final int workflowTaskPollers;
  private final int localActivities;

  public WorkerConcurrency(
      @Value("${turnpike.worker.max-concurrent-workflow-tasks:0}") int workflowTasks,
      @Value("${turnpike.worker.workflow-task-pollers:0}") int workflowTaskPollers,
      @Value("${turnpike.worker.max-concurrent-local-activities:0}") int localActivities) {
    this.workflowTasks = workflowTasks;
    this.workflowTaskPollers = workflowTaskPollers;
    this.localActivities = localActivities;
  }

  /** Sets the limits that are configured (above zero) on {@code options}. */
  WorkerOptions.Builder applyTo(WorkerOptions.Builder options) {
    if (workflowTasks > 0) {
      options.setMaxConcurrentWorkflowTaskExecutionSize(workflowTasks);
    }
    if (workflowTaskPollers > 0) {
      options.setMaxConcurrentWorkflowTaskPollers(workflowTaskPollers);
    }
    if (localActivities > 0) {
      options.setMaxConcurrentLocalActivityExecutionSize(localActivities);
    }
    return options;
  }
}
