package dev.turnpike.activities.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.net.ServerSocket;
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

  @Test
  void runsWorkflowsWithoutGrowingItsTimeLockLog() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (DevTemporalServer server = DevTemporalServer.start(port)) {
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
}
