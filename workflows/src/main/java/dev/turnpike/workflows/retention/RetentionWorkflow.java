package dev.turnpike.workflows.retention;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Purges the events of sessions past their {@code events_retained_until}. It runs as a cron
 * workflow (id {@link #WORKFLOW_ID}); Temporal's test server has no Schedules, cron works on both.
 */
@WorkflowInterface
public interface RetentionWorkflow {
  String WORKFLOW_ID = "turnpike-retention";

  @WorkflowMethod
  void purge();
}
