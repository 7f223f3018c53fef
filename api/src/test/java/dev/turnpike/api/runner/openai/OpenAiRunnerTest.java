package dev.turnpike.api.runner.openai;

import static dev.turnpike.api.runner.openai.OpenAiStub.answer;
import static dev.turnpike.api.runner.openai.OpenAiStub.call;
import static dev.turnpike.api.runner.openai.OpenAiStub.error;
import static dev.turnpike.api.runner.openai.OpenAiStub.streamed;
import static dev.turnpike.api.runner.openai.OpenAiStub.textDelta;
import static dev.turnpike.api.runner.openai.OpenAiStub.toolCalls;
import static dev.turnpike.api.runner.openai.OpenAiStub.toolDelta;
import static dev.turnpike.api.runner.openai.OpenAiStub.usageChunk;
import static dev.turnpike.api.support.Api.assertError;
import static dev.turnpike.api.support.Api.awaitTurnFinished;
import static dev.turnpike.api.support.Api.createAgent;
import static dev.turnpike.api.support.Api.createSession;
import static dev.turnpike.api.support.Api.submitTurn;
import static dev.turnpike.api.support.Api.walk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.api.support.ApiClient;
import dev.turnpike.api.support.TestTurnpike;
import dev.turnpike.workflows.json.TurnpikeJson;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The openai runner end to end: real Turnpike, real HTTP to an OpenAI-compatible stub, real
 * approvals. The stub's recorded requests show what the model was told.
 */
class OpenAiRunnerTest {
  private static final String KEY = "sk-test-0penai-stub-key-7f3a9c";
  private static final String MODEL = "stub-model";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static OpenAiStub stub;
  private static TestTurnpike turnpike;
  private static ApiClient api;
  private static final LogCapture log = new LogCapture();

  @BeforeAll
  static void start() throws Exception {
    log.start();
    stub = OpenAiStub.start();
    turnpike =
        TestTurnpike.start(
            Map.of(
                "turnpike.secrets.stub", KEY,
                "turnpike.prices." + MODEL + ".input-cents-per-1k", "10",
                "turnpike.prices." + MODEL + ".output-cents-per-1k", "30"));
    api = turnpike.newWorkspaceClient("openai runner tests");
  }

  @AfterAll
  static void stop() {
    turnpike.close();
    stub.close();
    log.stop();
  }

  @BeforeEach
  void resetStub() {
    stub.reset();
  }

  @Test
  void aPlainAnswerCountsTokensAndCostOnTheTurnSessionAndAgent() {
    String agent = agent(Map.of());
    String session = createSession(api, agent).get("id").asText();
    stub.then(answer("Hello there", 1000, 500), answer("Again", 10, 5));

    JsonNode first = finish(submitTurn(api, session, "hi"));
    assertEquals("COMPLETED", first.get("state").asText(), first.toString());
    assertEquals(List.of("Hello there"), assistantMessages(events(first)));
    assertEquals(1500, first.at("/usage_summary/provider_token_count").asLong());
    assertDecimal("25", first.at("/usage_summary/provider_cost_cents"));

    JsonNode request = stub.requests().getFirst().body();
    assertEquals("Bearer " + KEY, stub.requests().getFirst().authorization());
    assertEquals(MODEL, request.get("model").asText());
    assertEquals(List.of("system: You are a test agent.", "user: hi"), transcript(request));
    assertEquals(List.of("read_file", "write_file", "list_files", "run_command"),
        toolNames(request));
    assertFalse(request.has("stream"), "not streamed unless runner.stream is true");

    JsonNode second = finish(submitTurn(api, session, "and again"));
    assertEquals(
        List.of("system: You are a test agent.", "user: hi", "assistant: Hello there",
            "user: and again"),
        transcript(stub.requests().get(1).body()),
        "the session's earlier messages are the model's context");
    assertEquals(15, second.at("/usage_summary/provider_token_count").asLong());
    assertDecimal("0.25", second.at("/usage_summary/provider_cost_cents"));
    for (String path : List.of("/v1/agent_sessions/" + session, "/v1/agents/" + agent)) {
      JsonNode usage = api.get(path).expect(200).json().get("usage_summary");
      assertEquals(1515, usage.get("provider_token_count").asLong(), path + " " + usage);
      assertDecimal("25.25", usage.get("provider_cost_cents"));
    }
    assertKeyNowhere(agent, session);
  }

  @Test
  void toolCallsRunWithoutApprovalWhenNothingIsGated() {
    String session = session(Map.of("gated_tools", List.of()));
    stub.then(
        toolCalls(10, 5,
            call("c1", "write_file", Map.of("path", "notes/a.txt", "content", "first line"))),
        toolCalls(10, 5,
            call("c2", "read_file", Map.of("path", "notes/a.txt")),
            call("c3", "read_file", Map.of("path", "../../outside.txt")),
            call("c4", "list_files", Map.of("path", "notes"))),
        answer("done", 10, 5));

    JsonNode turn = finish(submitTurn(api, session, "take notes"));
    assertEquals("COMPLETED", turn.get("state").asText(), turn.toString());
    List<JsonNode> events = events(turn);
    assertEquals(
        List.of("message.created", "tool_call.started", "tool_call.completed",
            "tool_call.started", "tool_call.started", "tool_call.started",
            "tool_call.completed", "tool_call.completed", "tool_call.completed",
            "message.created", "turn.completed"),
        types(events));
    assertEquals(List.of("succeeded", "succeeded", "failed", "succeeded"),
        completions(events).stream().map(e -> e.at("/data/status").asText()).toList());
    JsonNode started = events.get(1).get("data");
    assertEquals("c1", started.get("tool_call_id").asText());
    assertEquals("write_file", started.get("name").asText());
    assertEquals(Map.of("path", "notes/a.txt", "content", "first line"),
        TurnpikeJson.mapper().convertValue(parse(started.get("arguments").asText()), Map.class));

    List<JsonNode> toolMessages = toolMessages(stub.requests().get(2).body());
    assertEquals("first line", toolMessages.get(1).get("content").asText());
    assertTrue(toolMessages.get(2).get("content").asText().contains("outside the sandbox"),
        toolMessages.get(2).toString());
    assertEquals("a.txt", toolMessages.get(3).get("content").asText());
    JsonNode assistantCalls = stub.requests().get(2).body().get("messages").get(4);
    assertEquals(List.of("c2", "c3", "c4"), ids(assistantCalls.get("tool_calls")),
        "one assistant message carries the reply's three calls: " + assistantCalls);
    assertEquals(0, approvals(session).size());
  }

  @Test
  void aGatedWriteFileWaitsForApprovalThenTheLoopGoesOn() {
    String session = session(Map.of());
    stub.then(
        toolCalls(100, 20,
            call("w1", "write_file", Map.of("path", "plan.md", "content", "ship it"))),
        toolCalls(10, 5, call("r1", "read_file", Map.of("path", "plan.md"))),
        answer("written and checked", 10, 5));

    String turnId = submitTurn(api, session, "write the plan").get("id").asText();
    JsonNode pending = awaitPending(turnId);
    assertEquals("write_file: plan.md", pending.get("action").asText());
    assertEquals("w1", pending.at("/details/tool_call_id").asText());
    JsonNode waiting = api.get("/v1/agent_turns/" + turnId).expect(200).json();
    assertEquals(1, waiting.at("/usage_summary/api_call_count").asLong(), "one model call so far");
    assertEquals(120, waiting.at("/usage_summary/provider_token_count").asLong());
    assertEquals(1, stub.requests().size());
    assertEquals(0, completions(events(waiting)).size(), "nothing ran before the decision");

    api.post("/v1/approval_requests/" + pending.get("id").asText() + ":approve", null).expect(200);
    JsonNode turn = awaitTurnFinished(api, turnId);
    assertEquals("COMPLETED", turn.get("state").asText(), turn.toString());
    assertEquals(List.of("written and checked"), assistantMessages(events(turn)));
    List<JsonNode> toolMessages = toolMessages(stub.requests().get(2).body());
    assertEquals("ship it", toolMessages.get(1).get("content").asText(),
        "read back after approval");
    assertEquals(1, approvals(session).size(), "read_file is not gated by default");
  }

  @Test
  void anApprovedRunCommandRunsAndItsOutputReachesTheModel() {
    String session = session(Map.of());
    stub.then(
        toolCalls(10, 5, call("x1", "run_command",
            Map.of("argv", List.of("sh", "-c", "echo out-$((6*7)); echo err-line >&2; env")))),
        answer("ran it", 10, 5));

    String turnId = submitTurn(api, session, "run it").get("id").asText();
    JsonNode pending = awaitPending(turnId);
    assertEquals("run_command: sh -c echo out-$((6*7)); echo err-line >&2; env",
        pending.get("action").asText());
    api.post("/v1/approval_requests/" + pending.get("id").asText() + ":approve", null).expect(200);

    JsonNode turn = awaitTurnFinished(api, turnId);
    assertEquals("COMPLETED", turn.get("state").asText(), turn.toString());
    JsonNode completed = completions(events(turn)).getFirst().get("data");
    assertEquals("succeeded", completed.get("status").asText());
    JsonNode told = toolMessages(stub.requests().get(1).body()).getFirst();
    JsonNode result = parse(told.get("content").asText());
    assertEquals(0, result.get("exit_code").asInt());
    String output = result.get("output").asText();
    assertTrue(output.contains("out-42") && output.contains("err-line"), output);
    assertTrue(output.contains("HOME="), output);
    assertFalse(output.contains("JAVA_HOME=") || output.contains("TURNPIKE"),
        "the worker's environment is not passed on: " + output);
    assertEquals(completed.get("output").asText(), result.toString());
    assertKeyNowhere(agentOf(session), session);
  }

  @Test
  void aRejectedRunCommandIsReportedToTheModelAndNeverRuns() {
    String session = session(Map.of());
    stub.then(
        toolCalls(10, 5,
            call("x1", "run_command", Map.of("argv", List.of("touch", "rejected.txt")))),
        toolCalls(10, 5, call("l1", "list_files", Map.of())),
        answer("understood", 10, 5));

    String turnId = submitTurn(api, session, "touch it").get("id").asText();
    JsonNode pending = awaitPending(turnId);
    api.post("/v1/approval_requests/" + pending.get("id").asText() + ":reject",
        Map.of("reason", "not today")).expect(200);

    JsonNode turn = awaitTurnFinished(api, turnId);
    assertEquals("COMPLETED", turn.get("state").asText(), turn.toString());
    List<JsonNode> events = events(turn);
    JsonNode rejected = completions(events).getFirst().get("data");
    assertEquals("rejected", rejected.get("status").asText());
    JsonNode told = toolMessages(stub.requests().get(1).body()).getFirst();
    assertEquals("x1", told.get("tool_call_id").asText());
    assertEquals(Map.of("error", "rejected by approver"),
        TurnpikeJson.mapper().convertValue(parse(told.get("content").asText()), Map.class));
    String listing = toolMessages(stub.requests().get(2).body()).get(1).get("content").asText();
    assertFalse(listing.contains("rejected.txt"), "the command never ran: " + listing);
    assertEquals(List.of("understood"), assistantMessages(events));
  }

  @Test
  void a429And503AreRetriedAndTheTurnCompletesWithoutDuplicateEvents() {
    String session = session(Map.of("gated_tools", List.of()));
    stub.then(
        toolCalls(10, 5, call("l1", "list_files", Map.of())),
        error(429, "Rate limit reached"),
        error(503, "overloaded"),
        answer("finally", 10, 5));

    JsonNode turn = finish(submitTurn(api, session, "list"));
    assertEquals("COMPLETED", turn.get("state").asText(), turn.toString());
    assertEquals(
        List.of("message.created", "tool_call.started", "tool_call.completed", "message.created",
            "turn.completed"),
        types(events(turn)));
    List<OpenAiStub.Request> requests = stub.requests();
    assertEquals(4, requests.size());
    assertEquals(requests.get(1).body(), requests.get(3).body(),
        "each retry rebuilt the same conversation from the events");
    assertEquals(30, turn.at("/usage_summary/provider_token_count").asLong(),
        "refused calls carry no usage");
  }

  @Test
  void a400FailsTheTurnWithProviderErrorAndIsNotRetried() {
    String session = session(Map.of());
    stub.then(error(400, "The model 'stub-model' does not exist"));

    JsonNode turn = finish(submitTurn(api, session, "hello"));
    assertEquals("FAILED", turn.get("state").asText(), turn.toString());
    assertEquals("provider_error", turn.at("/failure/code").asText());
    assertEquals("provider answered 400: The model 'stub-model' does not exist",
        turn.at("/failure/message").asText());
    assertEquals(1, stub.requests().size());
  }

  @Test
  void aProviderErrorThatEchoesTheKeyIsRedacted() {
    String session = session(Map.of());
    stub.then(error(401, "Incorrect API key provided: " + KEY + "."));

    JsonNode turn = finish(submitTurn(api, session, "hello"));
    assertEquals("provider_error", turn.at("/failure/code").asText(), turn.toString());
    assertEquals("provider answered 401: Incorrect API key provided: [redacted].",
        turn.at("/failure/message").asText());
    assertKeyNowhere(agentOf(session), session);
  }

  @Test
  void aMissingSecretFailsTheTurnWithoutCallingTheProvider() {
    String agent = agent(Map.of("secret", "never-set-x9"));
    String session = createSession(api, agent).get("id").asText();

    JsonNode turn = finish(submitTurn(api, session, "hello"));
    assertEquals("FAILED", turn.get("state").asText(), turn.toString());
    assertEquals("secret_missing", turn.at("/failure/code").asText());
    assertTrue(turn.at("/failure/message").asText().contains("TURNPIKE_SECRET_NEVER_SET_X9"),
        turn.toString());
    assertEquals(0, stub.requests().size());
  }

  @Test
  void aTurnWithoutAModelFails() {
    Map<String, Object> body = agentBody(Map.of());
    body.remove("model_policy");
    String agent = createAgent(api, body).get("id").asText();
    String session = createSession(api, agent).get("id").asText();

    JsonNode turn = finish(submitTurn(api, session, "hello"));
    assertEquals("model_missing", turn.at("/failure/code").asText(), turn.toString());
    assertEquals(0, stub.requests().size());
  }

  @Test
  void moreRepliesThanMaxStepsFailTheTurn() {
    String session = session(Map.of("gated_tools", List.of(), "max_steps", 1));
    stub.then(toolCalls(10, 5, call("l1", "list_files", Map.of())));

    JsonNode turn = finish(submitTurn(api, session, "loop"));
    assertEquals("max_steps_exceeded", turn.at("/failure/code").asText(), turn.toString());
    assertEquals(1, stub.requests().size());
  }

  @Test
  void streamedRepliesAreAssembledAndReportProgressAtMostOnceASecond() {
    String session = session(Map.of("gated_tools", List.of(), "stream", true));
    stub.then(
        streamed(0,
            toolDelta(0, "s1", "write_file", "{\"path\": \"s.txt\", "),
            toolDelta(0, null, null, "\"content\": \"streamed\"}"),
            usageChunk(20, 10)),
        streamed(600, textDelta("Hel"), textDelta("lo "), textDelta("world"), usageChunk(30, 3)));

    JsonNode turn = finish(submitTurn(api, session, "stream please"));
    assertEquals("COMPLETED", turn.get("state").asText(), turn.toString());
    List<JsonNode> events = events(turn);
    assertEquals(List.of("Hello world"), assistantMessages(events));
    assertEquals("succeeded", completions(events).getFirst().at("/data/status").asText());
    JsonNode request = stub.requests().getFirst().body();
    assertTrue(request.get("stream").asBoolean());
    assertTrue(request.at("/stream_options/include_usage").asBoolean());
    List<JsonNode> progress =
        events.stream().filter(e -> e.get("type").asText().equals("progress.updated")).toList();
    assertTrue(progress.size() >= 1 && progress.size() <= 3,
        "a stream of 2.4 s reports at most once a second: " + progress);
    assertTrue(progress.getFirst().at("/data/message").asText().endsWith(" characters received"));
    assertTrue(progress.getFirst().at("/data/percent").isNull());
    assertEquals(63, turn.at("/usage_summary/provider_token_count").asLong());
  }

  @Test
  void aCommandPastItsTimeoutIsKilledAndReportedAsFailed() {
    String session = session(Map.of("gated_tools", List.of()));
    stub.then(
        toolCalls(10, 5, call("t1", "run_command",
            Map.of("argv", List.of("sleep", "30"), "timeout_seconds", 1))),
        answer("too slow", 10, 5));

    JsonNode turn = finish(submitTurn(api, session, "wait"));
    assertEquals("COMPLETED", turn.get("state").asText(), turn.toString());
    JsonNode completed = completions(events(turn)).getFirst().get("data");
    assertEquals("failed", completed.get("status").asText());
    assertTrue(parse(completed.get("output").asText()).get("timed_out").asBoolean(),
        completed.toString());
  }

  @Test
  void cancellingTheTurnKillsARunningCommand() throws Exception {
    String session = session(Map.of("gated_tools", List.of()));
    String marker = "61.25";
    stub.then(toolCalls(10, 5, call("k1", "run_command",
        Map.of("argv", List.of("sleep", marker), "timeout_seconds", 120))));

    String turnId = submitTurn(api, session, "sleep").get("id").asText();
    api.await("/v1/agent_turns/" + turnId + "/events",
        page -> page.get("data").findValues("type").stream()
            .anyMatch(t -> t.asText().equals("tool_call.started")), WAIT);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!sleeping(marker) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(sleeping(marker), "the command started");
    JsonNode cancelled = api.post("/v1/agent_turns/" + turnId + ":cancel", null).expect(200).json();
    assertEquals("CANCELLED", cancelled.get("state").asText());
    deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (sleeping(marker) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertFalse(sleeping(marker), "the command was killed with the turn");
  }

  @Test
  void theRunnerBlockIsCheckedWhenTheAgentIsSaved() {
    Map<String, Map<String, Object>> bad = new HashMap<>();
    bad.put("no base_url", Map.of("type", "openai", "secret", "stub"));
    bad.put("a key in the block", Map.of("type", "openai", "base_url", stub.baseUrl(),
        "secret", "stub", "api_key", KEY));
    bad.put("no secret", Map.of("type", "openai", "base_url", stub.baseUrl()));
    bad.put("an unknown tool", Map.of("type", "openai", "base_url", stub.baseUrl(),
        "secret", "stub", "gated_tools", List.of("rm")));
    bad.put("zero steps", Map.of("type", "openai", "base_url", stub.baseUrl(),
        "secret", "stub", "max_steps", 0));
    bad.forEach((what, runner) -> {
      Map<String, Object> body = agentBody(Map.of());
      body.put("runner", runner);
      JsonNode error = assertError(api.post("/v1/agents", body), 422, "invalid_runner_config",
          "runner");
      assertFalse(error.toString().contains(KEY), what + ": " + error);
    });
    Map<String, Object> withKey = agentBody(Map.of());
    withKey.put("runner", bad.get("a key in the block"));
    String message = api.post("/v1/agents", withKey).json().at("/error/message").asText();
    assertTrue(message.contains("runner.secret"), message);
  }

  // ---- helpers ----

  private static Map<String, Object> agentBody(Map<String, Object> runnerSettings) {
    Map<String, Object> runner = new HashMap<>(
        Map.of("type", "openai", "base_url", stub.baseUrl(), "secret", "stub"));
    runner.putAll(runnerSettings);
    Map<String, Object> body = new HashMap<>();
    body.put("name", "openai agent");
    body.put("instructions", "You are a test agent.");
    body.put("model_policy", Map.of("default_model", MODEL));
    body.put("runner", runner);
    return body;
  }

  private static String agent(Map<String, Object> runnerSettings) {
    return createAgent(api, agentBody(runnerSettings)).get("id").asText();
  }

  /** A new session of a new agent with these runner settings. */
  private static String session(Map<String, Object> runnerSettings) {
    return createSession(api, agent(runnerSettings)).get("id").asText();
  }

  private static String agentOf(String session) {
    return api.get("/v1/agent_sessions/" + session).expect(200).json().get("agent_id").asText();
  }

  private static JsonNode finish(JsonNode submitted) {
    return awaitTurnFinished(api, submitted.get("id").asText());
  }

  /** Waits until the turn waits for a decision; returns its one pending approval request. */
  private static JsonNode awaitPending(String turnId) {
    api.await("/v1/agent_turns/" + turnId,
        t -> t.get("state").asText().equals("WAITING_FOR_PERMISSION"), WAIT);
    List<JsonNode> pending = walk(api, "/v1/approval_requests?state=PENDING&turn=" + turnId, 10);
    assertEquals(1, pending.size(), pending::toString);
    return pending.getFirst();
  }

  private static List<JsonNode> approvals(String session) {
    return walk(api, "/v1/approval_requests?session=" + session, 100);
  }

  private static List<JsonNode> events(JsonNode turn) {
    return walk(api, "/v1/agent_turns/" + turn.get("id").asText() + "/events", 100);
  }

  /** The types of the chat's events: messages, tool calls and the turn's end. */
  private static List<String> types(List<JsonNode> events) {
    return events.stream()
        .map(e -> e.get("type").asText())
        .filter(t -> t.startsWith("message.") || t.startsWith("tool_call.")
            || t.startsWith("turn."))
        .toList();
  }

  private static List<JsonNode> completions(List<JsonNode> events) {
    return events.stream()
        .filter(e -> e.get("type").asText().equals("tool_call.completed"))
        .toList();
  }

  private static List<String> assistantMessages(List<JsonNode> events) {
    return events.stream()
        .filter(e -> e.get("type").asText().equals("message.created"))
        .filter(e -> e.at("/data/role").asText().equals("assistant"))
        .map(e -> e.at("/data/content").asText())
        .toList();
  }

  /** The request's text messages as "role: content". */
  private static List<String> transcript(JsonNode request) {
    List<String> lines = new ArrayList<>();
    request.get("messages").forEach(m -> lines.add(m.get("role").asText() + ": "
        + m.get("content").asText()));
    return lines;
  }

  private static List<JsonNode> toolMessages(JsonNode request) {
    List<JsonNode> tools = new ArrayList<>();
    request.get("messages").forEach(m -> {
      if (m.get("role").asText().equals("tool")) {
        tools.add(m);
      }
    });
    return tools;
  }

  private static List<String> toolNames(JsonNode request) {
    List<String> names = new ArrayList<>();
    request.get("tools").forEach(t -> names.add(t.at("/function/name").asText()));
    return names;
  }

  private static List<String> ids(JsonNode calls) {
    List<String> ids = new ArrayList<>();
    calls.forEach(c -> ids.add(c.get("id").asText()));
    return ids;
  }

  private static JsonNode parse(String json) {
    try {
      return TurnpikeJson.mapper().readTree(json);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  private static void assertDecimal(String expected, JsonNode actual) {
    assertEquals(0, new BigDecimal(expected).compareTo(actual.decimalValue()),
        "expected " + expected + " but was " + actual);
  }

  private static boolean sleeping(String marker) {
    return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
        .map(c -> c.contains("sleep " + marker)).orElse(false));
  }

  /**
   * The API key is in no response about the agent, its session, turns, events or approvals, and
   * in nothing logged since the tests began.
   */
  private static void assertKeyNowhere(String agent, String session) {
    List<String> bodies = new ArrayList<>();
    bodies.add(api.get("/v1/agents/" + agent).expect(200).body());
    bodies.add(api.get("/v1/agent_sessions/" + session).expect(200).body());
    walk(api, "/v1/agent_turns?session=" + session, 100).forEach(t -> bodies.add(t.toString()));
    walk(api, "/v1/agent_sessions/" + session + "/events", 100)
        .forEach(e -> bodies.add(e.toString()));
    approvals(session).forEach(a -> bodies.add(a.toString()));
    for (String body : bodies) {
      assertFalse(body.contains(KEY) || body.contains(KEY.substring(8)), "the key leaked: " + body);
    }
    for (String line : log.lines()) {
      assertFalse(line.contains(KEY.substring(8)), "the key was logged: " + line);
    }
  }
}
