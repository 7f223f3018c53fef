package dev.turnpike.api.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnpike.api.support.ApiClient;
import dev.turnpike.api.support.TestTurnpike;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmokeTest {
  static TestTurnpike turnpike;

  @BeforeAll
  static void start() {
    turnpike = TestTurnpike.start();
  }

  @AfterAll
  static void stop() {
    turnpike.close();
  }

  @Test
  void aScriptedTurnCompletes() {
    ApiClient api = turnpike.newWorkspaceClient("smoke");
    String agent = api.post("/v1/agents", Map.of("name", "a", "instructions", "i")).expect(201).json().get("id").asText();
    String session = api.post("/v1/agent_sessions", Map.of("agent_id", agent)).expect(201).json().get("id").asText();
    String turn =
        api.post("/v1/agent_turns", Map.of("session_id", session, "input", Map.of("content", "say: hi")))
            .expect(201).json().get("id").asText();
    var done = api.await("/v1/agent_turns/" + turn, t -> t.get("state").asText().equals("COMPLETED"), Duration.ofSeconds(30));
    assertEquals("COMPLETED", done.get("state").asText());
  }
}
