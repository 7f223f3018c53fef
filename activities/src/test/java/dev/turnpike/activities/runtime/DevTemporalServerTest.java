package dev.turnpike.activities.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnpike.activities.testing.Ports;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-process Temporal server that {@code ./turnpike} runs by default. */
class DevTemporalServerTest {
  private static final String QUEUE = "dev-server-test";

  @WorkflowInterface
  public interface Doubling {
    @WorkflowMethod
    int run(int n);
  }

  @ActivityInterface
  public interface Twice {
    int twice(int n);
  }

  public static class DoublingImpl implements Doubling {
    private final Twice activity =
        Workflow.newActivityStub(
            Twice.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public int run(int n) {
      return activity.twice(activity.twice(n));
    }
  }

  @WorkflowInterface
  public interface Napping {
    @WorkflowMethod
    long run(long millis);
  }

  public static class NappingImpl implements Napping {
    @Override
    public long run(long millis) {
      long start = Workflow.currentTimeMillis();
      Workflow.sleep(Duration.ofMillis(millis));
      return Workflow.currentTimeMillis() - start;
    }
  }

  @Test
  void runsWorkflowsWithoutGrowingItsTimeLockLog() throws Exception {
    try (DevTemporalServer server = DevTemporalServer.start(Ports.free())) {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(server.address()).build());
      WorkflowClient client = WorkflowClient.newInstance(stubs);
      WorkerFactory factory = WorkerFactory.newInstance(client);
      Worker worker = factory.newWorker(QUEUE);
      worker.registerWorkflowImplementationTypes(DoublingImpl.class);
      worker.registerActivitiesImplementations((Twice) n -> 2 * n);
      factory.start();
      try {
        for (int i = 0; i < 20; i++) {
          Doubling workflow =
              client.newWorkflowStub(
                  Doubling.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build());
          assertEquals(4 * i, workflow.run(i));
        }
        // Unpatched, these 20 workflows (80 tasks) leave a few hundred entries behind.
        assertEquals(0, server.timeLockLogSize());
      } finally {
        factory.shutdownNow();
        stubs.shutdownNow();
      }
    }
  }

  /** This JVM's own client reaches the server in-process; its timers take real time. */
  @Test
  void servesThisJvmInProcessInRealTime() throws Exception {
    try (DevTemporalServer server = DevTemporalServer.start(Ports.free())) {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setChannel(DevTemporalServer.inProcessChannel(server.inProcessName()))
                  .build());
      WorkflowClient client = WorkflowClient.newInstance(stubs);
      WorkerFactory factory = WorkerFactory.newInstance(client);
      factory.newWorker(QUEUE).registerWorkflowImplementationTypes(NappingImpl.class);
      factory.start();
      try {
        Napping workflow =
            client.newWorkflowStub(
                Napping.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build());
        long started = System.nanoTime();
        long slept = workflow.run(1_500);
        long wallMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(slept >= 1_500, "workflow clock advanced " + slept + " ms");
        assertTrue(wallMillis >= 1_500, "a 1.5 s timer fired after " + wallMillis + " ms");
      } finally {
        factory.shutdownNow();
        stubs.shutdownNow();
      }
    }
  }
}
