package dev.turnpike.api.stream;

import static dev.turnpike.api.support.Api.assertError;
import static dev.turnpike.api.support.Api.awaitTurnFinished;
import static dev.turnpike.api.support.Api.createAgent;
import static dev.turnpike.api.support.Api.createSession;
import static dev.turnpike.api.support.Api.submitTurn;
import static dev.turnpike.api.support.Api.walk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.api.support.ApiClient;
import dev.turnpike.api.support.TestTurnpike;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/agent_turns/{id}:emit}: idempotent, ordered with the workflow's own events. */
class EmitTest {
  static TestTurnpike turnpike;
  static ApiClient api;
  static String agentId;

  @BeforeAll
  static void start() {
    turnpike = TestTurnpike.start();
    api = turnpike.newWorkspaceClient("emitters");
    agentId = createAgent(api, "external").get("id").asText();
  }

  @AfterAll
  static void stop() {
    turnpike.close();
  }

  static String runningTurn(String script) {
    String sessionId = createSession(api, agentId).get("id").asText();
    String turnId = submitTurn(api, sessionId, script).get("id").asText();
    api.await("/v1/agent_turns/" + turnId, t -> t.get("state").asText().equals("RUNNING"),
        java.time.Duration.ofSeconds(30));
    return turnId;
  }

  static ApiClient.Response emit(String turnId, String key, Object body) {
    ApiClient client = key == null ? api : api.withHeader("idempotency-key", key);
    return client.post("/v1/agent_turns/" + turnId + ":emit", body);
  }

  static Map<String, Object> message(String content) {
    return Map.of("type", "message", "data", Map.of("content", content));
  }

  @Test
  void theSameKeyAndBodyReturnTheSameEventAndAnotherBodyIsRefused() {
    String turnId = runningTurn("sleep: 3000");
    JsonNode first = emit(turnId, "k-1", message("hello from outside")).expect(201).json();
    assertEquals("message.created", first.get("type").asText());
    assertEquals(turnId, first.get("turn_id").asText());
    assertEquals("hello from outside", first.at("/data/content").asText());
    assertEquals("assistant", first.at("/data/role").asText(), "a message defaults to assistant");
    assertTrue(first.get("id").asText().startsWith("evt_"));

    String sameBodyOtherSpacing =
        "{ \"data\" : {\"content\": \"hello from outside\"}, \"type\": \"message\" }";
    JsonNode again = emit(turnId, "k-1", sameBodyOtherSpacing).expect(201).json();
    assertEquals(first, again, "a retried emit returns the event it wrote, not a new one");

    assertError(emit(turnId, "k-1", message("something else")), 422, "idempotency_key_reused",
        "idempotency-key");
    JsonNode second = emit(turnId, "k-2", message("hello again")).expect(201).json();
    assertEquals(first.get("sequence").asLong() + 1, second.get("sequence").asLong());

    JsonNode finished = awaitTurnFinished(api, turnId);
    assertEquals("COMPLETED", finished.get("state").asText(), "emits never end the turn");
    List<JsonNode> events = walk(api, "/v1/agent_turns/" + turnId + "/events", 100);
    assertEquals(1, events.stream().filter(e -> e.get("id").equals(first.get("id"))).count());
    assertEquals("turn.completed", events.getLast().get("type").asText());
  }

  @Test
  void emittingIntoAFinishedTurnIsAConflictButARetryStillAnswers() {
    String turnId = runningTurn("sleep: 300");
    JsonNode written = emit(turnId, "before-end", message("in time")).expect(201).json();
    awaitTurnFinished(api, turnId);
    assertError(emit(turnId, "after-end", message("too late")), 409, "turn_finished", null);
    assertEquals(written, emit(turnId, "before-end", message("in time")).expect(201).json(),
        "the retry of an emit that landed before the end still gets its event");
  }

  @Test
  void badEmitsAreRefusedAndWriteNothing() {
    String turnId = runningTurn("sleep: 2000");
    String path = "/v1/agent_turns/" + turnId + "/events";
    int before = walk(api, path, 100).size();
    assertError(emit(turnId, null, message("no key")), 400, "invalid_request", "idempotency-key");
    assertError(emit(turnId, "x".repeat(65), message("long key")), 400, null, "idempotency-key");
    assertError(emit(turnId, "t1", Map.of("type", "turn.completed", "data", Map.of())), 400, null,
        "type");
    assertError(emit(turnId, "t2", Map.of("type", "approval_request.resolved", "data", Map.of())),
        400, null, "type");
    assertError(emit(turnId, "t3", Map.of("type", "message", "data", "text")), 400, null, "data");
    assertError(emit(turnId, "t4", Map.of("type", "message", "data", Map.of())), 400, null,
        "data.content");
    assertError(emit(turnId, "t5", "{\"type\": \"message\""), 400, "invalid_json", null);
    assertError(emit("trn_doesnotexist", "t6", message("x")), 404, "not_found", "id");
    ApiClient other = turnpike.newWorkspaceClient("other emitters");
    assertError(other.withHeader("idempotency-key", "t7")
        .post("/v1/agent_turns/" + turnId + ":emit", message("x")), 404, "not_found", "id");
    assertEquals(before, walk(api, path, 100).size(), "nothing was written");
  }

  @Test
  void emitsWrittenWhileTheWorkflowWritesShareOneGapFreeSequence() throws Exception {
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      script.append("say: runner ").append(i).append("\nsleep: 20\n");
    }
    String turnId = runningTurn(script.toString());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<JsonNode>> futures = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        JsonNode last = null;
        for (int i = 0; i < 10; i++) {
          String key = "e-" + thread + "-" + i;
          last = emit(turnId, key, message(key)).expect(201).json();
          // Every emit is retried once, as a client whose response was lost would.
          assertEquals(last, emit(turnId, key, message(key)).expect(201).json());
        }
        return last;
      }));
    }
    for (Future<JsonNode> f : futures) {
      f.get();
    }
    pool.shutdown();
    awaitTurnFinished(api, turnId);
    List<JsonNode> events = walk(api, "/v1/agent_turns/" + turnId + "/events", 37);
    long first = events.getFirst().get("sequence").asLong();
    assertEquals(
        LongStream.range(first, first + events.size()).boxed().toList(),
        events.stream().map(e -> e.get("sequence").asLong()).toList(),
        "one gap-free sequence");
    Map<String, Integer> seen = new HashMap<>();
    for (JsonNode e : events) {
      seen.merge(e.at("/data/content").asText(), 1, Integer::sum);
    }
    for (int t = 0; t < 8; t++) {
      for (int i = 0; i < 10; i++) {
        assertEquals(1, seen.getOrDefault("e-" + t + "-" + i, 0), "emit e-" + t + "-" + i);
      }
    }
    for (int i = 0; i < 20; i++) {
      assertEquals(1, seen.getOrDefault("runner " + i, 0), "runner line " + i);
    }
    assertEquals(1 + 80 + 20 + 1, events.size(), "input, emits, runner lines, terminal event");
  }
}
