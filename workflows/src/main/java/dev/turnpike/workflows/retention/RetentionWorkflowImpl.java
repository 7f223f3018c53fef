package dev.turnpike.workflows.retention;

import io.temporal.workflow.Workflow;

public class RetentionWorkflowImpl implements RetentionWorkflow {
  private final RetentionActivities retention = Workflow.newActivityStub(RetentionActivities.class);

  /** Purges in batches, as of the workflow's own clock (so time skipping in tests applies). */
  @Override
  public void purge() {
    long asOf = Workflow.currentTimeMillis() / 1000;
    PurgeReport report;
    do {
      report = retention.purgeExpired(new PurgeRequest(asOf));
    } while (report.more());
  }
}
