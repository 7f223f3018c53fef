package dev.turnpike.api.support;

import dev.turnpike.activities.runtime.ExternalDatabase;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.testing.TestDatabase;
import dev.turnpike.api.launch.LaunchSettings;
import dev.turnpike.api.launch.Launcher;
import dev.turnpike.api.launch.RunningTurnpike;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;

/**
 * A whole Turnpike for a test: the real launcher, a real HTTP port, the in-process Temporal test
 * server on its own port, and the test PostgreSQL.
 */
public final class TestTurnpike implements AutoCloseable {
  private final RunningTurnpike running;
  private final String adminToken;

  private TestTurnpike(RunningTurnpike running, String adminToken) {
    this.running = running;
    this.adminToken = adminToken;
  }

  public static TestTurnpike start() {
    return start(Map.of());
  }

  public static TestTurnpike start(Map<String, Object> properties) {
    try {
      ExternalDatabase db = TestDatabase.get();
      String admin = "sk_test_" + Ids.randomChars(24);
      LaunchSettings settings =
          new LaunchSettings(
              0,
              Files.createTempDirectory("turnpike-test"),
              db.jdbcUrl(),
              db.user(),
              db.password(),
              null,
              freePort(),
              "default",
              "turnpike",
              "api,worker",
              admin,
              Map.of());
      settings = settings.withProperties(fastRetries()).withProperties(properties);
      return new TestTurnpike(Launcher.launch(settings), admin);
    } catch (Exception e) {
      throw new IllegalStateException("could not start Turnpike for the test", e);
    }
  }

  /** Short retry intervals so tests of retries do not wait for production back-off. */
  public static Map<String, Object> fastRetries() {
    return Map.of(
        "turnpike.activities.retry-initial-interval", "100ms",
        "turnpike.activities.retry-max-interval", "500ms",
        "turnpike.activities.runner-heartbeat-timeout", "5s");
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
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
