package dev.turnpike.activities.worker;

import dev.turnpike.activities.runner.RunnerActivitiesImpl;
import dev.turnpike.activities.turn.TurnActivitiesImpl;
import dev.turnpike.workflows.TurnpikeWorkflows;
import dev.turnpike.workflows.turn.TurnTimeouts;
import io.micronaut.context.annotation.Value;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Temporal worker of this process: Turnpike's workflows and activities on one task queue. */
@Singleton
public class TurnpikeWorker {
  private static final Logger LOG = LoggerFactory.getLogger(TurnpikeWorker.class);

  private final WorkflowClient client;
  private final String taskQueue;
  private final TurnTimeouts timeouts;
  private final Object[] activities;
  private WorkerFactory factory;

  public TurnpikeWorker(
      WorkflowClient client,
      @Value("${turnpike.temporal.task-queue:turnpike}") String taskQueue,
      TurnTimeouts timeouts,
      TurnActivitiesImpl turnActivities,
      RunnerActivitiesImpl runnerActivities) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.timeouts = timeouts;
    this.activities = new Object[] {turnActivities, runnerActivities};
  }

  public synchronized void start() {
    if (factory != null) {
      return;
    }
    factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(taskQueue);
    TurnpikeWorkflows.register(worker, timeouts);
    worker.registerActivitiesImplementations(activities);
    factory.start();
    LOG.info("Temporal worker polling task queue '{}'", taskQueue);
  }

  @PreDestroy
  public synchronized void stop() {
    if (factory != null) {
      factory.shutdown();
      factory.awaitTermination(10, TimeUnit.SECONDS);
      factory = null;
    }
  }
}
