package dev.turnpike.bench.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The bare Temporal baseline, run by the harness on the server's own Temporal: a worker in this
 * process on a task queue of its own, and {@code chains} clients each running {@code each}
 * {@link BaselineWorkflow}s one after another (as a Turnpike session runs its turns).
 */
public final class TemporalBaseline implements AutoCloseable {
  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final WorkerFactory factory;
  private final String taskQueue;

  public TemporalBaseline(String target, String namespace) {
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
    factory = WorkerFactory.newInstance(client);
    taskQueue = "bench-baseline-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    var worker = factory.newWorker(taskQueue);
    worker.registerWorkflowImplementationTypes(BaselineWorkflowImpl.class);
    worker.registerActivitiesImplementations(new BaselineActivities.NoOp());
    factory.start();
  }

  /** Runs {@code chains × each} workflows; answers the wall time in nanoseconds. */
  public long run(int chains, int each) throws Exception {
    List<Future<?>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(chains)) {
      long start = System.nanoTime();
      for (int c = 0; c < chains; c++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    BaselineWorkflow wf =
                        client.newWorkflowStub(
                            BaselineWorkflow.class,
                            WorkflowOptions.newBuilder()
                                .setTaskQueue(taskQueue)
                                .setWorkflowExecutionTimeout(Duration.ofMinutes(5))
                                .build());
                    wf.run();
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      return System.nanoTime() - start;
    }
  }

  @Override
  public void close() {
    factory.shutdownNow();
    service.shutdownNow();
  }
}
