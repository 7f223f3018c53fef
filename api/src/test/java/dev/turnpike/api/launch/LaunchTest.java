package dev.turnpike.api.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.activities.runtime.DevTemporalServer;
import dev.turnpike.activities.runtime.ExternalDatabase;
import dev.turnpike.activities.testing.Ports;
import dev.turnpike.activities.testing.TestDatabase;
import dev.turnpike.api.support.ApiClient;
import dev.turnpike.api.support.TestTurnpike;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an operator sees across restarts and role splits, with the real launcher. */
class LaunchTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static LaunchSettings settings(
      Path dataDir, ExternalDatabase db, String temporalAddress, int devPort, String roles,
      String bootstrapToken) {
    return new LaunchSettings(
            0,
            dataDir,
            db == null ? null : db.jdbcUrl(),
            db == null ? null : db.user(),
            db == null ? null : db.password(),
            temporalAddress,
            devPort,
            DevTemporalServer.DEFAULT_RETENTION,
            "default",
            "turnpike",
            roles,
            bootstrapToken,
            Map.of())
        .withProperties(TestTurnpike.fastRetries())
        .withProperties(Map.of("turnpike.worker.shutdown-grace", "200ms"));
  }

  private static String create(ApiClient api, String path, Object body) {
    return api.post(path, body).expect(201).json().get("id").asText();
  }

  @Test
  void embeddedDataSurvivesRestartAndLostTurnsAreFailedNotLeftRunning() throws Exception {
    Path dataDir = Files.createTempDirectory("turnpike-launch");
    String agent;
    String session;
    String turn;
    String token;
    try (RunningTurnpike first =
        Launcher.launch(settings(dataDir, null, null, Ports.free(), "api,worker", null))) {
      token = first.generatedAdminToken();
      assertNotNull(token, "a first start with no token creates one to print");
      ApiClient api = new ApiClient(first.url(), token);
      agent = create(api, "/v1/agents", Map.of("name", "keeper", "instructions", "x"));
      session = create(api, "/v1/agent_sessions", Map.of("agent_id", agent));
      turn =
          create(
              api,
              "/v1/agent_turns",
              Map.of("session_id", session, "input", Map.of("content", "say: working\nsleep: 60000")));
      api.await("/v1/agent_turns/" + turn, t -> t.get("state").asText().equals("RUNNING"), WAIT);
    }

    try (RunningTurnpike second =
        Launcher.launch(settings(dataDir, null, null, Ports.free(), "api,worker", null))) {
      assertNull(second.generatedAdminToken(), "the token is printed once, on the first start");
      ApiClient api = new ApiClient(second.url(), token);
      assertEquals("keeper", api.get("/v1/agents/" + agent).expect(200).json().get("name").asText());

      JsonNode lost = api.get("/v1/agent_turns/" + turn).expect(200).json();
      assertEquals("FAILED", lost.get("state").asText());
      assertEquals("workflow_lost", lost.at("/failure/code").asText());
      JsonNode events = api.get("/v1/agent_turns/" + turn + "/events").expect(200).json().get("data");
      assertEquals("turn.failed", events.get(events.size() - 1).get("type").asText());
      assertEquals("FAILED", api.get("/v1/agent_sessions/" + session).json().get("state").asText());

      String next =
          create(
              api,
              "/v1/agent_turns",
              Map.of("session_id", session, "input", Map.of("content", "say: back")));
      JsonNode done =
          api.await(
              "/v1/agent_turns/" + next,
              t -> t.get("state").asText().equals("COMPLETED"),
              WAIT);
      assertNull(done.get("failure").textValue());
      assertEquals(
          "WAITING_FOR_INPUT",
          api.get("/v1/agent_sessions/" + session).json().get("state").asText());
    }
  }

  @Test
  void apiAndWorkerRolesRunInSeparateProcessesOnOneTemporal() throws Exception {
    ExternalDatabase db = TestDatabase.get();
    int temporalPort = Ports.free();
    String token = "sk_test_roles_" + System.nanoTime();
    Path dir = Files.createTempDirectory("turnpike-roles");
    try (RunningTurnpike api =
            Launcher.launch(settings(dir, db, null, temporalPort, "api", token));
        RunningTurnpike worker =
            Launcher.launch(
                settings(dir, db, "127.0.0.1:" + temporalPort, 0, "worker", token))) {
      assertNull(worker.url(), "a worker-only process serves no HTTP");
      ApiClient client = new ApiClient(api.url(), token);
      String agent = create(client, "/v1/agents", Map.of("name", "split", "instructions", "x"));
      String session = create(client, "/v1/agent_sessions", Map.of("agent_id", agent));
      String turn =
          create(
              client,
              "/v1/agent_turns",
              Map.of("session_id", session, "input", Map.of("content", "say: from the worker")));
      JsonNode done =
          client.await(
              "/v1/agent_turns/" + turn, t -> t.get("state").asText().equals("COMPLETED"), WAIT);
      assertEquals("COMPLETED", done.get("state").asText());
    }
  }
}
