package dev.turnpike.activities.runtime;

import io.temporal.testserver.TestServer;
import java.io.Closeable;
import java.io.IOException;

/**
 * Temporal's Java test server, in this process, on a real port so other processes (a second API
 * node, a worker, tctl-like tools) can connect. It keeps everything in memory: workflows do not
 * survive a restart.
 */
public final class DevTemporalServer implements Closeable {
  private final TestServer.PortBoundTestServer server;
  private final int port;

  private DevTemporalServer(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  public static DevTemporalServer start(int port) {
    // The one-argument form keeps time skipping off, as real clients need.
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port);
    TimeLockLogTrim.apply(server);
    return new DevTemporalServer(server, port);
  }

  /** Entries in the test server's time-lock log: stays 0 (see {@link TimeLockLogTrim}). */
  int timeLockLogSize() throws ReflectiveOperationException {
    return TimeLockLogTrim.kept(server);
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
