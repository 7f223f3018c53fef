package dev.turnpike.activities.retention;

import dev.turnpike.workflows.retention.RetentionWorkflow;
import io.micronaut.context.annotation.Value;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the retention cron workflow runs: every worker asks on start, the first one starts
 * it, the others find it running.
 */
@Singleton
public class RetentionSchedule {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionSchedule.class);
  private final WorkflowClient client;
  private final String taskQueue;
  private final String cron;

  public RetentionSchedule(
      WorkflowClient client,
      @Value("${turnpike.temporal.task-queue:turnpike}") String taskQueue,
      @Value("${turnpike.retention.cron:17 * * * *}") String cron) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.cron = cron;
  }

  public void ensureRunning() {
    RetentionWorkflow workflow =
        client.newWorkflowStub(
            RetentionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(RetentionWorkflow.WORKFLOW_ID)
                .setTaskQueue(taskQueue)
                .setCronSchedule(cron)
                .build());
    try {
      WorkflowClient.start(workflow::purge);
      LOG.info("Retention workflow started (cron '{}')", cron);
    } catch (WorkflowExecutionAlreadyStarted e) {
      // Another worker started it; one is enough.
    }
  }
}
