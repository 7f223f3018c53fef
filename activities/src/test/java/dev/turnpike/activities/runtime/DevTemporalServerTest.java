package dev.turnpike.activities.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnpike.activities.testing.Ports;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
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
      WorkflowServiceStubs stubs = inProcessStubs(server);
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

  /**
   * A workflow finished for the retention period is forgotten, as a cluster forgets it after its
   * namespace's retention; a running one is kept, and a forgotten one's id can run again.
   */
  @Test
  void forgetsFinishedWorkflowsAfterTheirRetention() throws Exception {
    Duration retention = Duration.ofHours(1); // the sweeper's own timer forgets nothing here
    try (DevTemporalServer server = DevTemporalServer.start(Ports.free(), retention)) {
      WorkflowServiceStubs stubs = inProcessStubs(server);
      WorkflowClient client = WorkflowClient.newInstance(stubs);
      WorkerFactory factory = WorkerFactory.newInstance(client);
      Worker worker = factory.newWorker(QUEUE);
      worker.registerWorkflowImplementationTypes(DoublingImpl.class, NappingImpl.class);
      worker.registerActivitiesImplementations((Twice) n -> 2 * n);
      factory.start();
      try {
        for (int i = 0; i < 5; i++) {
          assertEquals(4 * i, client.newWorkflowStub(Doubling.class, id("doubling-" + i)).run(i));
        }
        Napping napping = client.newWorkflowStub(Napping.class, id("napping"));
        WorkflowClient.start(napping::run, 600_000L);
        int[] before = server.held();
        assertEquals(6, before[0], "executions held");
        assertEquals(6, before[1], "histories held");

        long now = System.nanoTime();
        assertEquals(0, server.sweepFinished(now), "just seen finished: kept");
        assertEquals(0, server.sweepFinished(now + retention.toNanos() - 1));
        assertEquals(5, server.sweepFinished(now + retention.toNanos()));
        int[] after = server.held();
        assertEquals(1, after[0], "only the running execution is left");
        assertEquals(1, after[1], "only the running one's history is left");
        // The finished ones' timers (activity timeouts due in ten years among them) are gone; the
        // running one keeps its own (its run timeout and its 10-minute sleep).
        assertTrue(after[2] < 5, "timers " + before[2] + " -> " + after[2]);
        StatusRuntimeException gone =
            assertThrows(StatusRuntimeException.class, () -> describe(stubs, "doubling-1"));
        assertEquals(Status.Code.NOT_FOUND, gone.getStatus().getCode());

        assertEquals(12, client.newWorkflowStub(Doubling.class, id("doubling-3")).run(3));
        WorkflowStub running = WorkflowStub.fromTyped(napping);
        running.cancel();
        assertThrows(WorkflowFailedException.class, () -> running.getResult(Long.class));
      } finally {
        factory.shutdownNow();
        stubs.shutdownNow();
      }
    }
  }

  private static WorkflowServiceStubs inProcessStubs(DevTemporalServer server) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder()
            .setChannel(DevTemporalServer.inProcessChannel(server.inProcessName()))
            .build());
  }

  private static WorkflowOptions id(String workflowId) {
    return WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build();
  }

  private static void describe(WorkflowServiceStubs stubs, String workflowId) {
    stubs
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build());
  }
}
