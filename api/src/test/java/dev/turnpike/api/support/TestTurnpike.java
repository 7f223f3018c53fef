package dev.turnpike.api.support;

import dev.turnpike.activities.runtime.DevTemporalServer;
import dev.turnpike.activities.runtime.ExternalDatabase;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.testing.Ports;
import dev.turnpike.activities.testing.TestDatabase;
import dev.turnpike.api.launch.LaunchSettings;
import dev.turnpike.api.launch.Launcher;
import dev.turnpike.api.launch.RunningTurnpike;
import java.nio.file.Files;
import java.util.Map;

/**
 * A whole Turnpike for a test: the real launcher, a real HTTP port, the in-process Temporal test
 * server on its own port, and the test PostgreSQL.
 */
public final class TestTurnpike implements AutoCloseable {
  private final RunningTurnpike running;
  private final String adminToken;
  private final String temporalAddress;

  private TestTurnpike(RunningTurnpike running, String adminToken, String temporalAddress) {
    this.running = running;
    this.adminToken = adminToken;
    this.temporalAddress = temporalAddress;
  }

  public static TestTurnpike start() {
    return start(Map.of());
  }

  public static TestTurnpike start(Map<String, Object> properties) {
    return start(new Node("api,worker", null, 0, "sk_test_" + Ids.randomChars(24)), properties);
  }

  /**
   * Another process's view of the same deployment: its roles, the Temporal server it uses (null:
   * its own in-process one), its HTTP port (0: any) and the admin token.
   */
  public record Node(String roles, String temporalAddress, int httpPort, String adminToken) {}

  public static TestTurnpike start(Node node, Map<String, Object> properties) {
    try {
      ExternalDatabase db = TestDatabase.get();
      int devPort = Ports.free();
      LaunchSettings settings =
          new LaunchSettings(
              node.httpPort(),
              Files.createTempDirectory("turnpike-test"),
              db.jdbcUrl(),
              db.user(),
              db.password(),
              node.temporalAddress(),
              devPort,
              DevTemporalServer.DEFAULT_RETENTION,
              "default",
              "turnpike",
              node.roles(),
              node.adminToken(),
              Map.of());
      settings = settings.withProperties(fastRetries()).withProperties(properties);
      String temporal =
          node.temporalAddress() != null ? node.temporalAddress() : "127.0.0.1:" + devPort;
      return new TestTurnpike(Launcher.launch(settings), node.adminToken(), temporal);
    } catch (Exception e) {
      throw new IllegalStateException("could not start Turnpike for the test", e);
    }
  }

  /** Another API-only node on the same database and Temporal server as this one. */
  public TestTurnpike startApiNode(int httpPort) {
    return start(new Node("api", temporalAddress, httpPort, adminToken), Map.of());
  }

  /** The Temporal server this node uses, host:port. */
  public String temporalAddress() {
    return temporalAddress;
  }

  /** Short retry intervals so tests of retries do not wait for production back-off. */
  public static Map<String, Object> fastRetries() {
    return Map.of(
        "turnpike.activities.retry-initial-interval", "100ms",
        "turnpike.activities.retry-max-interval", "500ms",
        "turnpike.activities.runner-heartbeat-timeout", "5s");
  }

  public String url() {
    return running.url();
  }

  public String adminToken() {
    return adminToken;
  }

  public RunningTurnpike running() {
    return running;
  }

  /** A client acting with the admin token. */
  public ApiClient admin() {
    return new ApiClient(url(), adminToken);
  }

  /** Creates a new workspace and a workspace token for it; returns a client using that token. */
  public ApiClient newWorkspaceClient(String name) {
    ApiClient admin = admin();
    String workspaceId =
        admin.post("/v1/workspaces", Map.of("name", name)).expect(201).json().get("id").asText();
    String token =
        admin
            .post("/v1/api_tokens", Map.of("workspace_id", workspaceId, "name", name + " token"))
            .expect(201)
            .json()
            .get("token")
            .asText();
    return new ApiClient(url(), token, workspaceId);
  }

  @Override
  public void close() {
    running.close();
  }
}
