package dev.turnpike.api.fault;

import static dev.turnpike.api.support.Api.assertError;
import static dev.turnpike.api.support.Api.awaitTurnFinished;
import static dev.turnpike.api.support.Api.createAgent;
import static dev.turnpike.api.support.Api.createSession;
import static dev.turnpike.api.support.Api.submitTurn;
import static dev.turnpike.api.support.Api.walk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.activities.runtime.DevTemporalServer;
import dev.turnpike.activities.runtime.EmbeddedDatabase;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.testing.Ports;
import dev.turnpike.api.launch.LaunchSettings;
import dev.turnpike.api.launch.Launcher;
import dev.turnpike.api.launch.RunningTurnpike;
import dev.turnpike.api.support.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops for five seconds while turns run and clients call: meanwhile every request
 * gets a 503 in the error shape, and once it is back every turn completes with every event once.
 */
class DatabaseOutageTest {

  @Test
  void aFiveSecondDatabaseOutageIsA503AndLosesNothing() throws Exception {
    Path data = Files.createTempDirectory("turnpike-outage-pg");
    int pgPort = Ports.free();
    EmbeddedDatabase db = EmbeddedDatabase.start(data, "turnpike", pgPort);
    String admin = "sk_test_" + Ids.randomChars(24);
    LaunchSettings settings =
        new LaunchSettings(0, Files.createTempDirectory("turnpike-outage"), db.jdbcUrl(),
            EmbeddedDatabase.USER, "", null, Ports.free(), DevTemporalServer.DEFAULT_RETENTION,
            "default", "turnpike",
            "api,worker", admin,
            // Production back-off: a runner step outlives a short outage by retrying.
            Map.of("turnpike.activities.retry-initial-interval", "1s",
                "turnpike.activities.retry-max-interval", "5s",
                "turnpike.activities.runner-max-attempts", "10"));
    try (RunningTurnpike turnpike = Launcher.launch(settings)) {
      ApiClient api = new ApiClient(turnpike.url(), admin);
      String agent = createAgent(api, "outlasting").get("id").asText();
      List<String> turns = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String session = createSession(api, agent).get("id").asText();
        turns.add(submitTurn(api, session,
            "say: before " + i + "\nsleep: 1500\nsay: during " + i + "\nsleep: 6000\nsay: after " + i)
            .get("id").asText());
      }
      api.await("/v1/agent_turns/" + turns.getLast(),
          t -> t.get("state").asText().equals("RUNNING"), Duration.ofSeconds(30));

      db.close();
      long outageEnds = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      int refused = 0;
      while (System.nanoTime() < outageEnds) {
        assertError(api.get("/v1/agent_turns/" + turns.getFirst()), 503, "database_unavailable", null);
        assertError(api.post("/v1/agents", Map.of("name", "n", "instructions", "i")), 503,
            "database_unavailable", null);
        refused += 2;
      }
      db = EmbeddedDatabase.start(data, "turnpike", pgPort);
      long back = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (api.get("/v1/agent_turns/" + turns.getFirst()).status() != 200
          && System.nanoTime() < back) {
        Thread.sleep(100);
      }

      for (String turnId : turns) {
        JsonNode turn = api.await("/v1/agent_turns/" + turnId,
            t -> t.get("state").asText().matches("COMPLETED|FAILED|CANCELLED"),
            Duration.ofSeconds(90));
        assertEquals("COMPLETED", turn.get("state").asText(), turn.toString());
        List<JsonNode> events = walk(api, "/v1/agent_turns/" + turnId + "/events", 100);
        assertEquals(LongStream.rangeClosed(1, 5).boxed().toList(),
            events.stream().map(e -> e.get("sequence").asLong()).toList(), "every event once");
      }
      assertTrue(refused > 0);
      assertEquals("COMPLETED", awaitTurnFinished(api, submitTurn(api,
          createSession(api, agent).get("id").asText(), "say: fine").get("id").asText())
          .get("state").asText(), "new turns run again");
    } finally {
      db.close();
    }
  }
}
