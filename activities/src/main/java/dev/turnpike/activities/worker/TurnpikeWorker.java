package dev.turnpike.activities.worker;

import dev.turnpike.activities.approval.ApprovalActivitiesImpl;
import dev.turnpike.activities.retention.RetentionActivitiesImpl;
import dev.turnpike.activities.retention.RetentionSchedule;
import dev.turnpike.activities.runner.RunnerActivitiesImpl;
import dev.turnpike.activities.sandbox.ExecutionEnvironments;
import dev.turnpike.activities.turn.TurnActivitiesImpl;
import dev.turnpike.workflows.TurnpikeWorkflows;
import dev.turnpike.workflows.turn.TurnTimeouts;
import io.micronaut.context.annotation.Value;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Temporal worker of this process: Turnpike's workflows and activities on one task queue. */
@Singleton
public class TurnpikeWorker {
  private static final Logger LOG = LoggerFactory.getLogger(TurnpikeWorker.class);
  private static final Duration HEARTBEAT_THROTTLE = Duration.ofSeconds(1);

  private final WorkflowClient client;
  private final String taskQueue;
  private final TurnTimeouts timeouts;
  private final Object[] activities;
  private final Duration shutdownGrace;
  private final Duration stickyTimeout;
  private final RetentionSchedule retention;
  private final WorkerConcurrency concurrency;
  private WorkerFactory factory;

  public TurnpikeWorker(
      WorkflowClient client,
      @Value("${turnpike.temporal.task-queue:turnpike}") String taskQueue,
      TurnTimeouts timeouts,
      @Value("${turnpike.worker.shutdown-grace:10s}") Duration shutdownGrace,
      @Value("${turnpike.worker.sticky-schedule-to-start-timeout:5s}") Duration stickyTimeout,
      TurnActivitiesImpl turnActivities,
      RunnerActivitiesImpl runnerActivities,
      ApprovalActivitiesImpl approvalActivities,
      RetentionActivitiesImpl retentionActivities,
      ExecutionEnvironments environments,
      RetentionSchedule retention,
      WorkerConcurrency concurrency) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.timeouts = timeouts;
    this.shutdownGrace = shutdownGrace;
    this.stickyTimeout = stickyTimeout;
    this.activities =
        new Object[] {
          turnActivities, runnerActivities, approvalActivities, retentionActivities,
          environments
        };
    this.retention = retention;
    this.concurrency = concurrency;
  }

  public synchronized void start() {
    if (factory != null) {
      return;
    }
    factory = WorkerFactory.newInstance(client);
    // Zero turns sticky workflow tasks off. Temporal's test server never moves a task off a
    // killed worker's sticky queue, so workers in their own processes on it need zero; a real
    // cluster falls back to the shared queue after this timeout by itself.
    Worker worker =
        factory.newWorker(
            taskQueue,
            concurrency
                .applyTo(WorkerOptions.newBuilder())
                .setStickyQueueScheduleToStartTimeout(stickyTimeout)
                // Heartbeats carry cancellation back: send them often enough that a cancelled
                // turn's runner stops within about a second.
                .setMaxHeartbeatThrottleInterval(HEARTBEAT_THROTTLE)
                .setDefaultHeartbeatThrottleInterval(HEARTBEAT_THROTTLE)
                .build());
    TurnpikeWorkflows.register(worker, timeouts);
    worker.registerActivitiesImplementations(activities);
    factory.start();
    retention.ensureRunning();
    LOG.info("Temporal worker polling task queue '{}'", taskQueue);
  }

  /**
   * Lets running activities finish for the grace period, then interrupts them; an interrupted
   * activity is retried by another worker and, being idempotent, rewrites nothing.
   */
  @PreDestroy
  public synchronized void stop() {
    if (factory != null) {
      factory.shutdown();
      factory.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
      if (!factory.isTerminated()) {
        factory.shutdownNow();
        factory.awaitTermination(5, TimeUnit.SECONDS);
      }
      factory = null;
    }
  }
}
