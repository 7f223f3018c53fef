package dev.turnpike.api.e2e;

import static dev.turnpike.api.support.Api.awaitTurnFinished;
import static dev.turnpike.api.support.Api.createAgent;
import static dev.turnpike.api.support.Api.createSession;
import static dev.turnpike.api.support.Api.fieldNames;
import static dev.turnpike.api.support.Api.ids;
import static dev.turnpike.api.support.Api.submitTurn;
import static dev.turnpike.api.support.Api.walk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.activities.runtime.ExternalDatabase;
import dev.turnpike.activities.testing.TestDatabase;
import dev.turnpike.api.support.Api;
import dev.turnpike.api.support.ApiClient;
import dev.turnpike.api.support.SseClient;
import dev.turnpike.api.support.TestTurnpike;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Turns run for real: HTTP in, Temporal workflows, the scripted runner, events out of PostgreSQL. */
class TurnsEndToEndTest {
  static TestTurnpike turnpike;

  static final String SCRIPT_1 =
      String.join(
          "\n",
          "say: hello there",
          "tool: search cats and dogs",
          "progress: 40 looking around",
          "artifact: notes.md",
          "sleep: 100",
          "what is this?",
          "mystery: directive");
  static final String SCRIPT_2 = String.join("\n", "tool: fetch", "say: second turn");
  static final String SCRIPT_3 = String.join("\n", "progress: 100", "sleep: 100", "say: third turn");

  static final Set<String> EVENT_FIELDS =
      Set.of(
          "id",
          "workspace_id",
          "agent_id",
          "session_id",
          "turn_id",
          "sequence",
          "cursor",
          "type",
          "created_at",
          "data");

  @BeforeAll
  static void start() {
    turnpike = TestTurnpike.start();
  }

  @AfterAll
  static void stop() {
    turnpike.close();
  }

  @Test
  void threeTurnsSubmittedBackToBackRunInOrderAndLeaveAGapFreeEventLog() {
    ApiClient api = turnpike.newWorkspaceClient("end-to-end");
    String agentId = createAgent(api, "scripted agent").get("id").asText();
    JsonNode created = createSession(api, agentId);
    String sessionId = created.get("id").asText();
    assertEquals("CREATED", created.get("state").asText());
    assertTrue(created.get("last_event_cursor").isNull(), "a new session has no events yet");

    // Submitted back to back, without waiting for any of them.
    List<JsonNode> submitted =
        List.of(
            submitTurn(api, sessionId, SCRIPT_1),
            submitTurn(api, sessionId, SCRIPT_2),
            submitTurn(api, sessionId, SCRIPT_3));
    List<String> scripts = List.of(SCRIPT_1, SCRIPT_2, SCRIPT_3);
    List<String> turnIds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsonNode t = submitted.get(i);
      assertTrue(t.get("id").asText().startsWith("trn_"), t::toString);
      assertEquals("QUEUED", t.get("state").asText(), "a new turn is QUEUED: " + t);
      assertEquals("QUEUED", t.get("status").asText(), "status mirrors state: " + t);
      assertEquals(sessionId, t.get("session_id").asText());
      assertEquals(agentId, t.get("agent_id").asText());
      assertEquals(api.workspaceId(), t.get("workspace_id").asText());
      assertEquals(scripts.get(i), t.get("input").get("content").asText());
      assertTrue(t.get("completed_at").isNull(), "a queued turn has not completed: " + t);
      turnIds.add(t.get("id").asText());
    }
    assertEquals(3, new HashSet<>(turnIds).size(), "each turn has its own id");

    List<JsonNode> finished = new ArrayList<>();
    for (String id : turnIds) {
      finished.add(awaitTurnFinished(api, id));
    }
    for (JsonNode t : finished) {
      assertEquals("COMPLETED", t.get("state").asText(), t::toString);
      assertEquals("COMPLETED", t.get("status").asText(), t::toString);
      assertTrue(t.get("failure").isNull(), "a completed turn has no failure: " + t);
      assertTrue(t.get("started_at").isIntegralNumber(), "started_at set: " + t);
      assertTrue(t.get("completed_at").isIntegralNumber(), "completed_at set: " + t);
      assertTrue(
          t.get("started_at").asLong() <= t.get("completed_at").asLong(),
          "started_at <= completed_at: " + t);
      assertTrue(t.get("created_at").asLong() <= t.get("started_at").asLong(), t::toString);
      assertNotEquals(
          submittedEtag(submitted, t.get("id").asText()),
          t.get("etag").asText(),
          "the etag changes as the turn runs");
    }
    for (int i = 1; i < 3; i++) {
      assertTrue(
          finished.get(i - 1).get("completed_at").asLong()
              <= finished.get(i).get("started_at").asLong(),
          "a turn starts only after the one before it completed");
    }

    // The session's log: every event, gap-free from 1, turn after turn.
    JsonNode page = api.get("/v1/agent_sessions/" + sessionId + "/events?limit=100").expect(200).json();
    assertFalse(page.get("has_more").asBoolean());
    assertTrue(page.get("next_cursor").isNull());
    List<JsonNode> events = new ArrayList<>();
    page.get("data").forEach(events::add);
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      assertTrue(fieldNames(e).containsAll(EVENT_FIELDS), "the seeds' event object: " + e);
      assertEquals(i + 1, e.get("sequence").asLong(), "sequence is gap-free from 1");
      assertTrue(e.get("id").asText().startsWith("evt_"), e::toString);
      assertEquals(api.workspaceId(), e.get("workspace_id").asText());
      assertEquals(agentId, e.get("agent_id").asText());
      assertEquals(sessionId, e.get("session_id").asText());
      assertTrue(e.get("created_at").isIntegralNumber(), e::toString);
      assertFalse(e.get("cursor").asText().isEmpty(), e::toString);
    }
    assertEquals(events.size(), new HashSet<>(ids(events)).size(), "event ids are unique");
    assertEquals(
        turnIds,
        events.stream().map(e -> e.get("turn_id").asText()).distinct().toList(),
        "all of turn 1's events come before turn 2's, all of turn 2's before turn 3's");

    List<List<JsonNode>> byTurn = new ArrayList<>();
    for (String turnId : turnIds) {
      List<JsonNode> own =
          events.stream().filter(e -> e.get("turn_id").asText().equals(turnId)).toList();
      byTurn.add(own);
      JsonNode turnPage = api.get("/v1/agent_turns/" + turnId + "/events?limit=100").expect(200).json();
      assertEquals(ids(own), ids(turnPage), "a turn's own event list is its part of the session's");
    }

    // Each turn: the user's input first, the script's events, exactly one turn.completed last.
    for (int i = 0; i < 3; i++) {
      List<JsonNode> own = byTurn.get(i);
      JsonNode first = own.getFirst();
      assertEquals("message.created", first.get("type").asText());
      assertEquals("user", first.get("data").get("role").asText());
      assertEquals(scripts.get(i), first.get("data").get("content").asText());
      assertEquals("turn.completed", own.getLast().get("type").asText());
      assertEquals(
          1,
          own.stream().filter(e -> e.get("type").asText().startsWith("turn.")).count(),
          "exactly one terminal event per turn");
    }

    List<JsonNode> t1 = byTurn.get(0);
    assertEquals(
        List.of(
            "message.created",
            "message.created",
            "tool_call.started",
            "tool_call.completed",
            "progress.updated",
            "artifact.created",
            "message.created",
            "message.created",
            "turn.completed"),
        types(t1));
    assertAssistantSays(t1.get(1), "hello there");
    String callId = t1.get(2).get("data").get("tool_call_id").asText();
    assertFalse(callId.isEmpty(), "a tool call has an id");
    assertEquals(callId, t1.get(3).get("data").get("tool_call_id").asText(), "same tool_call_id");
    assertEquals("search", t1.get(2).get("data").get("name").asText());
    assertEquals("search", t1.get(3).get("data").get("name").asText());
    assertEquals(40, t1.get(4).get("data").get("percent").asInt());
    assertEquals("looking around", t1.get(4).get("data").get("message").asText());
    assertEquals("notes.md", t1.get(5).get("data").get("name").asText());
    assertAssistantSays(t1.get(6), "echo: what is this?");
    assertAssistantSays(t1.get(7), "echo: mystery: directive");

    List<JsonNode> t2 = byTurn.get(1);
    assertEquals(
        List.of(
            "message.created",
            "tool_call.started",
            "tool_call.completed",
            "message.created",
            "turn.completed"),
        types(t2));
    String callId2 = t2.get(1).get("data").get("tool_call_id").asText();
    assertEquals(callId2, t2.get(2).get("data").get("tool_call_id").asText());
    assertNotEquals(callId, callId2, "tool calls of different turns have different ids");
    assertEquals("fetch", t2.get(1).get("data").get("name").asText());
    assertAssistantSays(t2.get(3), "second turn");

    List<JsonNode> t3 = byTurn.get(2);
    assertEquals(
        List.of("message.created", "progress.updated", "message.created", "turn.completed"),
        types(t3));
    assertEquals(100, t3.get(1).get("data").get("percent").asInt());
    assertAssistantSays(t3.get(2), "third turn");

    // The session is waiting for the next instruction and points at its last event.
    JsonNode session = api.get("/v1/agent_sessions/" + sessionId).expect(200).json();
    assertEquals("WAITING_FOR_INPUT", session.get("state").asText());
    assertEquals(events.getLast().get("cursor").asText(), session.get("last_event_cursor").asText());
    JsonNode afterLast =
        api.get("/v1/agent_sessions/" + sessionId + "/events?cursor=" + session.get("last_event_cursor").asText())
            .expect(200)
            .json();
    assertEquals(0, afterLast.get("data").size(), "nothing after the last event: " + afterLast);
    assertFalse(afterLast.get("has_more").asBoolean());

    // The session's turns, newest first.
    JsonNode turnList = api.get("/v1/agent_turns?session=" + sessionId).expect(200).json();
    assertEquals(List.of(turnIds.get(2), turnIds.get(1), turnIds.get(0)), ids(turnList));
    assertFalse(turnList.get("has_more").asBoolean());

    // Pages of two walk every event exactly once, in order.
    List<JsonNode> walked = walk(api, "/v1/agent_sessions/" + sessionId + "/events", 2);
    assertEquals(ids(events), ids(walked), "paging with limit=2 yields every event once, in order");
    assertEquals(ids(byTurn.get(0)), ids(walk(api, "/v1/agent_turns/" + turnIds.get(0) + "/events", 2)));

    // An event's cursor resumes right after it.
    JsonNode fifth = events.get(4);
    JsonNode resumed =
        api.get("/v1/agent_sessions/" + sessionId + "/events?limit=3&cursor=" + fifth.get("cursor").asText())
            .expect(200)
            .json();
    assertEquals(ids(events.subList(5, 8)), ids(resumed));
    assertTrue(resumed.get("has_more").asBoolean());
    JsonNode turn2First = byTurn.get(1).getFirst();
    JsonNode turn2Rest =
        api.get("/v1/agent_turns/" + turnIds.get(1) + "/events?cursor=" + turn2First.get("cursor").asText())
            .expect(200)
            .json();
    assertEquals(ids(byTurn.get(1).subList(1, byTurn.get(1).size())), ids(turn2Rest));
  }

  @Test
  void aFailingScriptFailsTheTurnAndTheSessionAndTheNextTurnRecoversIt() {
    ApiClient api = turnpike.newWorkspaceClient("failures");
    String agentId = createAgent(api, "failing agent").get("id").asText();
    String sessionId = createSession(api, agentId).get("id").asText();

    String failing = String.join("\n", "say: before", "fail: boom", "say: never said");
    String turnId = submitTurn(api, sessionId, failing).get("id").asText();
    JsonNode turn = awaitTurnFinished(api, turnId);
    assertEquals("FAILED", turn.get("state").asText(), turn::toString);
    assertEquals("FAILED", turn.get("status").asText(), turn::toString);
    assertEquals("runner_error", turn.get("failure").get("code").asText());
    assertEquals("boom", turn.get("failure").get("message").asText());
    assertTrue(turn.get("completed_at").isIntegralNumber(), "a failed turn has completed_at: " + turn);
    assertTrue(turn.get("started_at").isIntegralNumber(), turn::toString);

    List<JsonNode> events = walk(api, "/v1/agent_turns/" + turnId + "/events", 100);
    assertEquals(List.of("message.created", "message.created", "turn.failed"), types(events));
    assertAssistantSays(events.get(1), "before");
    assertEquals(
        1,
        events.stream().filter(e -> e.get("type").asText().startsWith("turn.")).count(),
        "exactly one terminal event");
    JsonNode failedSession = api.get("/v1/agent_sessions/" + sessionId).expect(200).json();
    assertEquals("FAILED", failedSession.get("state").asText());
    assertEquals(events.getLast().get("cursor").asText(), failedSession.get("last_event_cursor").asText());

    // A new turn on the failed session runs: ACTIVE while it runs, then waiting for input.
    String next = submitTurn(api, sessionId, "sleep: 1500\nsay: recovered").get("id").asText();
    api.await(
        "/v1/agent_sessions/" + sessionId,
        s -> s.get("state").asText().equals("ACTIVE"),
        Api.TURN_TIMEOUT);
    JsonNode running = api.get("/v1/agent_turns/" + next).expect(200).json();
    assertEquals("RUNNING", running.get("state").asText(), "the turn runs while the session is ACTIVE");
    assertTrue(running.get("started_at").isIntegralNumber(), running::toString);
    assertTrue(running.get("completed_at").isNull(), running::toString);

    JsonNode done = awaitTurnFinished(api, next);
    assertEquals("COMPLETED", done.get("state").asText(), done::toString);
    assertTrue(done.get("failure").isNull(), done::toString);
    JsonNode session = api.get("/v1/agent_sessions/" + sessionId).expect(200).json();
    assertEquals("WAITING_FOR_INPUT", session.get("state").asText());

    List<JsonNode> all = walk(api, "/v1/agent_sessions/" + sessionId + "/events", 100);
    assertEquals(
        List.of(
            "message.created",
            "message.created",
            "turn.failed",
            "message.created",
            "message.created",
            "turn.completed"),
        types(all));
    assertAssistantSays(all.get(4), "recovered");
    for (int i = 0; i < all.size(); i++) {
      assertEquals(i + 1, all.get(i).get("sequence").asLong(), "gap-free across both turns");
    }
  }

  @Test
  void turnsSubmittedInParallelToTwoSessionsEachRunAloneWithEverySessionGapFree() throws Exception {
    ApiClient api = turnpike.newWorkspaceClient("parallel");
    String agentId = createAgent(api, "busy agent").get("id").asText();
    List<String> sessions =
        List.of(createSession(api, agentId).get("id").asText(), createSession(api, agentId).get("id").asText());
    int perSession = 4;
    List<Callable<JsonNode>> submissions = new ArrayList<>();
    for (String sessionId : sessions) {
      for (int i = 0; i < perSession; i++) {
        String script = "say: turn " + i + "\ntool: step " + i + "\nsay: done " + i;
        submissions.add(() -> submitTurn(api, sessionId, script));
      }
    }
    List<String> turnIds = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(submissions.size())) {
      for (Future<JsonNode> f : pool.invokeAll(submissions)) {
        turnIds.add(f.get().get("id").asText());
      }
    }
    for (String id : turnIds) {
      assertEquals("COMPLETED", awaitTurnFinished(api, id).get("state").asText());
    }

    for (String sessionId : sessions) {
      List<JsonNode> events = walk(api, "/v1/agent_sessions/" + sessionId + "/events", 100);
      assertEquals(perSession * 6, events.size(), "every turn's six events, once");
      for (int i = 0; i < events.size(); i++) {
        assertEquals(i + 1, events.get(i).get("sequence").asLong(), "each session counts from 1 without gaps");
        assertEquals(sessionId, events.get(i).get("session_id").asText());
      }
      // One turn at a time: each turn's events are one unbroken run, user input first.
      List<String> runs = new ArrayList<>();
      for (JsonNode e : events) {
        String turn = e.get("turn_id").asText();
        if (runs.isEmpty() || !runs.getLast().equals(turn)) {
          runs.add(turn);
          assertEquals("user", e.get("data").path("role").asText(), "a turn's first event is its input");
        }
      }
      assertEquals(perSession, runs.size(), "turns never interleave: " + runs);
      assertEquals(perSession, new HashSet<>(runs).size());
      JsonNode listed = api.get("/v1/agent_turns?session=" + sessionId).expect(200).json();
      assertEquals(Set.copyOf(runs), Set.copyOf(ids(listed)), "every turn that ran is listed, once");
      assertEquals(perSession, ids(listed).size());
      assertEquals("WAITING_FOR_INPUT", api.get("/v1/agent_sessions/" + sessionId).expect(200).json().get("state").asText());
    }
  }

  private static String submittedEtag(List<JsonNode> submitted, String id) {
    return submitted.stream()
        .filter(t -> t.get("id").asText().equals(id))
        .findFirst()
        .orElseThrow()
        .get("etag")
        .asText();
  }

  private static List<String> types(List<JsonNode> events) {
    return events.stream().map(e -> e.get("type").asText()).collect(Collectors.toList());
  }

  /**
   * A running turn writes its events under a lock on its session's row; a turn submitted into
   * the same session meanwhile is answered without waiting for that lock (the 'enqueue' default).
   */
  @Test
  void aSubmitDoesNotWaitForItsSessionsEventWrites() throws Exception {
    ApiClient api = turnpike.newWorkspaceClient("submit-lock");
    String sessionId =
        createSession(api, createAgent(api, "locked").get("id").asText()).get("id").asText();
    ExternalDatabase db = TestDatabase.get();
    JsonNode turn;
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        ExecutorService pool = Executors.newSingleThreadExecutor()) {
      c.setAutoCommit(false);
      try (PreparedStatement lock =
          c.prepareStatement(
              "SELECT last_sequence FROM sessions WHERE id = ? FOR NO KEY UPDATE")) {
        lock.setString(1, sessionId);
        lock.executeQuery().close(); // the lock an event append holds until it commits
      }
      Future<JsonNode> submit = pool.submit(() -> submitTurn(api, sessionId, "say: not blocked"));
      try {
        turn = submit.get(10, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        fail("the submit waited for the session's event lock");
        return;
      } finally {
        c.rollback();
      }
    }
    String turnId = turn.get("id").asText();
    assertEquals("COMPLETED", awaitTurnFinished(api, turnId).get("state").asText());
  }

  /**
   * A session's workflow ends when its last turn does; a turn submitted at that moment (a client
   * that sends the next message the instant it sees the answer end) must start a new run or join
   * the ending one, never fail.
   */
  @Test
  void turnsSubmittedAsTheirSessionsRunEndsAllRun() throws InterruptedException {
    ApiClient api = turnpike.newWorkspaceClient("back-to-back");
    String sessionId =
        createSession(api, createAgent(api, "chatty").get("id").asText()).get("id").asText();
    int turns = 40;
    try (SseClient stream =
        SseClient.open(
            turnpike.url(), api.token(), "/v1/agent_sessions/" + sessionId + "/events", null)) {
      for (int i = 0; i < turns; i++) {
        submitTurn(api, sessionId, "say: message " + i); // a failed submit throws here
        stream.eventsUntil("turn.completed", Duration.ofSeconds(30));
      }
    }
    List<JsonNode> events = walk(api, "/v1/agent_sessions/" + sessionId + "/events", 100);
    assertEquals(turns * 3, events.size(), "every turn's input, answer and end, once");
  }

  private static void assertAssistantSays(JsonNode event, String content) {
    assertEquals("message.created", event.get("type").asText(), event::toString);
    assertEquals("assistant", event.get("data").get("role").asText(), event::toString);
    assertEquals(content, event.get("data").get("content").asText(), event::toString);
  }
}
