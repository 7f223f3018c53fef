package dev.turnpike.activities.runtime;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's Java test server, in this process. It serves on a real port, so that other processes
 * (a second API node, a worker, tctl-like tools) can connect, and under an in-process name, so
 * that this process's own client and worker reach it without TCP, HTTP/2 and protobuf encoding
 * (see {@link #inProcessName()}). It keeps everything in memory: workflows do not survive a
 * restart, and a finished workflow is forgotten after the retention period (see {@link
 * FinishedWorkflowSweeper}).
 */
public final class DevTemporalServer implements Closeable {
  /** How long a finished workflow stays, unless told otherwise. */
  public static final Duration DEFAULT_RETENTION = Duration.ofMinutes(10);

  private final TestServicesStarter services;
  private final Server portServer;
  private final Server inProcessServer;
  private final int port;
  private final Optional<FinishedWorkflowSweeper> sweeper;

  private DevTemporalServer(
      TestServicesStarter services,
      Server portServer,
      Server inProcessServer,
      int port,
      Optional<FinishedWorkflowSweeper> sweeper) {
    this.services = services;
    this.portServer = portServer;
    this.inProcessServer = inProcessServer;
    this.port = port;
    this.sweeper = sweeper;
  }

  public static DevTemporalServer start(int port) {
    return start(port, DEFAULT_RETENTION);
  }

  /** A server on that port that forgets a workflow once it has been finished for retention. */
  public static DevTemporalServer start(int port, Duration retention) {
    // Time skipping locked (off), as real clients need; the clock starts at the real time.
    TestServicesStarter services = new TestServicesStarter(true, 0);
    TimeLockLogTrim.apply(services);
    Server portServer = null;
    Optional<FinishedWorkflowSweeper> sweeper = Optional.empty();
    try {
      portServer =
          started(Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create()), services);
      Server inProcessServer =
          started(InProcessServerBuilder.forName(inProcessName(port)), services);
      sweeper = FinishedWorkflowSweeper.start(services, retention);
      return new DevTemporalServer(services, portServer, inProcessServer, port, sweeper);
    } catch (IOException | RuntimeException e) {
      sweeper.ifPresent(FinishedWorkflowSweeper::close);
      if (portServer != null) {
        portServer.shutdownNow();
      }
      services.close();
      throw new IllegalStateException(
          "the Temporal test server did not start: " + e.getMessage(), e);
    }
  }

  private static Server started(ServerBuilder<?> builder, TestServicesStarter services)
      throws IOException {
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    return builder.build().start();
  }

  /** Entries in the test server's time-lock log: stays 0 (see {@link TimeLockLogTrim}). */
  int timeLockLogSize() throws ReflectiveOperationException {
    return TimeLockLogTrim.kept(services);
  }

  /** Forgets what has been finished for the retention period by {@code nowNanos}, for tests. */
  int sweepFinished(long nowNanos) throws ReflectiveOperationException {
    return sweeper.orElseThrow().sweep(nowNanos);
  }

  /** Executions, histories and timers (cancelled ones included) the server holds, for tests. */
  int[] held() {
    FinishedWorkflowSweeper s = sweeper.orElseThrow();
    return new int[] {s.executions(), s.histories(), s.timers()};
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  /**
   * The name under which this JVM reaches the server in-process, for {@code
   * turnpike.temporal.in-process-name}; {@link #inProcessChannel(String)} opens a channel to it.
   */
  public String inProcessName() {
    return inProcessName(port);
  }

  private static String inProcessName(int port) {
    return "turnpike-temporal-" + port;
  }

  /** A channel to the server of that in-process name, in this JVM. */
  public static ManagedChannel inProcessChannel(String name) {
    return InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @Override
  public void close() throws IOException {
    sweeper.ifPresent(FinishedWorkflowSweeper::close);
    inProcessServer.shutdownNow();
    portServer.shutdownNow();
    try {
      inProcessServer.awaitTermination(5, TimeUnit.SECONDS);
      portServer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    services.close();
  }
}
