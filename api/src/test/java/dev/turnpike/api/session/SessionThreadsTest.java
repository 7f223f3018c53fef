package dev.turnpike.api.session;

import static dev.turnpike.api.support.Api.assertError;
import static dev.turnpike.api.support.Api.awaitTurnFinished;
import static dev.turnpike.api.support.Api.createAgent;
import static dev.turnpike.api.support.Api.createSession;
import static dev.turnpike.api.support.Api.ids;
import static dev.turnpike.api.support.Api.submitTurn;
import static dev.turnpike.api.support.Api.walk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.api.support.ApiClient;
import dev.turnpike.api.support.SessionPerTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sessions as threads: overlapping submits, closing and archiving, usage that adds up. */
class SessionThreadsTest extends SessionPerTest {

  static JsonNode submit(String sessionId, String script, String strategy) {
    return api.post("/v1/agent_turns", Map.of("session_id", sessionId,
        "input", Map.of("content", script), "multitask_strategy", strategy)).expect(201).json();
  }

  static JsonNode turn(String id) {
    return api.get("/v1/agent_turns/" + id).expect(200).json();
  }

  static void awaitState(String turnId, String state) {
    api.await("/v1/agent_turns/" + turnId, t -> t.get("state").asText().equals(state), WAIT);
  }

  static List<String> messages(String turnId) {
    return walk(api, "/v1/agent_turns/" + turnId + "/events", 100).stream()
        .filter(e -> e.at("/data/role").asText().equals("assistant"))
        .map(e -> e.at("/data/content").asText())
        .toList();
  }

  @Test
  void enqueuedTurnsWaitInOrderAndShowTheirPlaceInTheQueue() {
    String first = submit(sessionId, "say: one\nsleep: 1000\nsay: one done", "enqueue")
        .get("id").asText();
    awaitState(first, "RUNNING");
    JsonNode second = submit(sessionId, "say: two", "enqueue");
    JsonNode third = submitTurn(api, sessionId, "say: three");
    assertEquals("QUEUED", second.get("state").asText());
    assertEquals(1, second.get("queue_position").asInt(), "one turn ahead: the running one");
    assertEquals(2, third.get("queue_position").asInt());
    assertEquals("enqueue", third.get("multitask_strategy").asText(), "the default");
    assertTrue(turn(first).get("queue_position").isNull(), "a started turn has no position");

    for (String id : List.of(first, second.get("id").asText(), third.get("id").asText())) {
      assertEquals("COMPLETED", awaitTurnFinished(api, id).get("state").asText());
    }
    List<JsonNode> events = walk(api, "/v1/agent_sessions/" + sessionId + "/events", 100);
    assertEquals(List.of(first, second.get("id").asText(), third.get("id").asText()),
        events.stream().map(e -> e.get("turn_id").asText()).distinct().toList(),
        "turns ran in submission order, never interleaved");
  }

  @Test
  void rejectRefusesATurnWhileAnotherIsUnfinished() {
    String first = submit(sessionId, "sleep: 800", "enqueue").get("id").asText();
    assertError(api.post("/v1/agent_turns", Map.of("session_id", sessionId,
        "input", Map.of("content", "say: no"), "multitask_strategy", "reject")),
        409, "session_busy", "session_id");
    awaitTurnFinished(api, first);
    String later = submit(sessionId, "say: now", "reject").get("id").asText();
    assertEquals("COMPLETED", awaitTurnFinished(api, later).get("state").asText());
    assertError(api.post("/v1/agent_turns", Map.of("session_id", sessionId,
        "input", Map.of("content", "x"), "multitask_strategy", "later")),
        400, "invalid_request", "multitask_strategy");
    assertEquals(2, ids(api.get("/v1/agent_turns?session=" + sessionId).expect(200).json())
        .size(), "refused turns were never stored");
  }

  @Test
  void interruptCancelsWhatIsAheadAndRunsNext() {
    String running = submit(sessionId, "say: a\nsleep: 20000\nsay: never", "enqueue")
        .get("id").asText();
    awaitState(running, "RUNNING");
    String queued = submit(sessionId, "say: queued", "enqueue").get("id").asText();
    String urgent = submit(sessionId, "say: urgent", "interrupt").get("id").asText();

    assertEquals("COMPLETED", awaitTurnFinished(api, urgent).get("state").asText());
    assertEquals("CANCELLED", awaitTurnFinished(api, running).get("state").asText());
    assertEquals("CANCELLED", awaitTurnFinished(api, queued).get("state").asText());
    assertEquals(List.of("a"), messages(running));
    assertEquals(List.of(), messages(queued));
    assertEquals(List.of("urgent"), messages(urgent));
  }

  @Test
  void aCompletedSessionTakesNoTurnsAndAnArchivedOneLeavesTheList() {
    String t = submitTurn(api, sessionId, "sleep: 500").get("id").asText();
    assertError(api.post("/v1/agent_sessions/" + sessionId + ":complete", null), 409,
        "session_busy", "id");
    awaitTurnFinished(api, t);
    JsonNode completed =
        api.post("/v1/agent_sessions/" + sessionId + ":complete", null).expect(200).json();
    assertEquals("COMPLETED", completed.get("state").asText());
    assertError(api.post("/v1/agent_turns",
        Map.of("session_id", sessionId, "input", Map.of("content", "say: more"))),
        409, "session_closed", "session_id");

    JsonNode archived =
        api.post("/v1/agent_sessions/" + sessionId + ":archive", null).expect(200).json();
    assertEquals("ARCHIVED", archived.get("state").asText());
    assertFalse(ids(walk(api, "/v1/agent_sessions", 100)).contains(sessionId),
        "hidden from lists");
    assertTrue(ids(walk(api, "/v1/agent_sessions?include_archived=true", 100))
        .contains(sessionId));
    assertEquals("ARCHIVED",
        api.get("/v1/agent_sessions/" + sessionId).expect(200).json().get("state").asText());
    assertError(api.post("/v1/agent_sessions/" + sessionId + ":complete", null), 409,
        "session_closed", "id");
    assertError(api.get("/v1/agent_sessions?include_archived=maybe"), 400, null,
        "include_archived");
  }

  @Test
  void usageAddsUpFromTurnsToSessionsToTheAgent() {
    ApiClient own = turnpike.newWorkspaceClient("usage");
    String agent = createAgent(own, "counted").get("id").asText();
    List<String> sessions = List.of(createSession(own, agent).get("id").asText(),
        createSession(own, agent).get("id").asText());
    String[] scripts = {"tool: a\ntool: b\nsleep: 200", "tool: c\nsleep: 100", "say: no tools"};
    for (String session : sessions) {
      for (String script : scripts) {
        awaitTurnFinished(own, submitTurn(own, session, script).get("id").asText());
      }
    }
    BigDecimal agentRuntime = BigDecimal.ZERO;
    long agentCalls = 0;
    for (String session : sessions) {
      List<JsonNode> turns = walk(own, "/v1/agent_turns?session=" + session, 100);
      BigDecimal runtime = turns.stream()
          .map(t -> t.at("/usage_summary/runtime_compute_seconds").decimalValue())
          .reduce(BigDecimal.ZERO, BigDecimal::add);
      long calls = turns.stream()
          .mapToLong(t -> t.at("/usage_summary/api_call_count").asLong()).sum();
      assertEquals(3, calls, "one call per tool: line");
      assertTrue(runtime.compareTo(new BigDecimal("0.3")) >= 0, "the sleeps count: " + runtime);
      JsonNode usage = own.get("/v1/agent_sessions/" + session).expect(200).json()
          .get("usage_summary");
      assertEquals(0, runtime.compareTo(usage.get("runtime_compute_seconds").decimalValue()),
          "session runtime = sum of its turns: " + usage);
      assertEquals(calls, usage.get("api_call_count").asLong());
      agentRuntime = agentRuntime.add(runtime);
      agentCalls += calls;
    }
    JsonNode agentUsage = own.get("/v1/agents/" + agent).expect(200).json().get("usage_summary");
    assertEquals(0, agentRuntime.compareTo(agentUsage.get("runtime_compute_seconds").decimalValue()),
        "agent runtime = sum of its sessions: " + agentUsage);
    assertEquals(agentCalls, agentUsage.get("api_call_count").asLong());
  }

  @Test
  void aWorkspaceRetentionSettingDatesEverySessionsEvents() {
    ApiClient admin = turnpike.admin();
    JsonNode ws = admin.post("/v1/workspaces", Map.of("name", "kept", "event_retention_days", 7))
        .expect(201).json();
    assertEquals(7, ws.get("event_retention_days").asInt());
    String wsId = ws.get("id").asText();
    assertError(admin.patch("/v1/workspaces/" + wsId, Map.of("event_retention_days", 0)), 400,
        null, "event_retention_days");
    assertError(admin.patch("/v1/workspaces/" + wsId, Map.of()), 400, null,
        "event_retention_days");
    assertError(api.patch("/v1/workspaces/" + wsId, Map.of("event_retention_days", 3)), 403,
        null, null);
    assertEquals(3, admin.patch("/v1/workspaces/" + wsId, Map.of("event_retention_days", 3))
        .expect(200).json().get("event_retention_days").asInt());

    ApiClient member = admin.withHeader("akua-context", wsId);
    String agent = createAgent(member, "kept").get("id").asText();
    String session = createSession(member, agent).get("id").asText();
    assertTrue(member.get("/v1/agent_sessions/" + session).expect(200).json()
        .get("events_retained_until").isNull(), "nothing to retain before a turn");
    awaitTurnFinished(member, submitTurn(member, session, "say: hi").get("id").asText());
    long until = member.get("/v1/agent_sessions/" + session).expect(200).json()
        .get("events_retained_until").asLong();
    long expected = System.currentTimeMillis() / 1000 + 3 * 86_400;
    assertTrue(Math.abs(until - expected) < 120, until + " is about 3 days from now");
  }
}
