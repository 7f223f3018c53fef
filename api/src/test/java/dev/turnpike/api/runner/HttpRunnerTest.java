package dev.turnpike.api.runner;

import static dev.turnpike.api.support.Api.assertError;
import static dev.turnpike.api.support.Api.awaitTurnFinished;
import static dev.turnpike.api.support.Api.createAgent;
import static dev.turnpike.api.support.Api.createSession;
import static dev.turnpike.api.support.Api.submitTurn;
import static dev.turnpike.api.support.Api.walk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.turnpike.api.support.ApiClient;
import dev.turnpike.api.support.TestTurnpike;
import dev.turnpike.workflows.json.TurnpikeJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The http runner against a runner service stubbed over real HTTP: it answers each step with an
 * NDJSON stream chosen by the turn's input, and records the steps it received.
 */
class HttpRunnerTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static TestTurnpike turnpike;
  static ApiClient api;
  static HttpServer stub;
  static String agentId;
  static final List<JsonNode> received = new CopyOnWriteArrayList<>();
  static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws IOException {
    stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stub.createContext("/step", HttpRunnerTest::step);
    stub.start();
    turnpike = TestTurnpike.start();
    api = turnpike.newWorkspaceClient("remote runners");
    String url = "http://127.0.0.1:" + stub.getAddress().getPort() + "/step";
    agentId = createAgent(api, Map.of("name", "remote", "instructions", "be remote",
        "runner", Map.of("type", "http", "url", url, "headers", Map.of("x-runner-key", "k1"))))
        .get("id").asText();
  }

  @AfterAll
  static void stop() {
    turnpike.close();
    stub.stop(0);
  }

  static void step(HttpExchange exchange) throws IOException {
    JsonNode request = TurnpikeJson.mapper().readTree(exchange.getRequestBody());
    received.add(request);
    String content = request.at("/input/content").asText();
    int call = calls.computeIfAbsent(request.get("turn_id").asText(), k -> new AtomicInteger())
        .incrementAndGet();
    String body;
    int status = 200;
    switch (content) {
      case "flaky" -> {
        status = call == 1 ? 503 : 200;
        body = line("message.created", "survived a 503");
      }
      case "bad" -> {
        status = 400;
        body = "{\"error\":\"no\"}";
      }
      case "gate" -> body = request.get("decision").isNull()
          ? "{\"type\":\"approval_request\",\"action\":\"send email\"}\n"
          : line("message.created", "decided " + request.at("/decision/decision").asText());
      default -> body = line("message.created", "remote says: " + content)
          + "{\"type\":\"progress.updated\",\"data\":{\"percent\":50,\"message\":\"half\"}}\n";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("content-type", "application/x-ndjson");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static String line(String type, String content) {
    return "{\"type\":\"" + type + "\",\"data\":{\"role\":\"assistant\",\"content\":\""
        + content + "\"}}\n";
  }

  static String run(String content) {
    String session = createSession(api, agentId).get("id").asText();
    return submitTurn(api, session, content).get("id").asText();
  }

  static List<String> said(String turnId) {
    return walk(api, "/v1/agent_turns/" + turnId + "/events", 100).stream()
        .filter(e -> e.at("/data/role").asText().equals("assistant"))
        .map(e -> e.at("/data/content").asText()).toList();
  }

  @Test
  void eachStepIsAPostAndTheStreamedLinesAreEvents() {
    String turnId = run("hello");
    assertEquals("COMPLETED", awaitTurnFinished(api, turnId).get("state").asText());
    assertEquals(List.of("remote says: hello"), said(turnId));
    JsonNode request = received.stream()
        .filter(r -> r.get("turn_id").asText().equals(turnId)).findFirst().orElseThrow();
    assertEquals("be remote", request.get("instructions").asText());
    assertEquals(0, request.get("step").asInt());
  }

  @Test
  void aServerErrorIsRetriedAndAClientErrorFailsTheTurn() {
    String flaky = run("flaky");
    assertEquals("COMPLETED", awaitTurnFinished(api, flaky).get("state").asText());
    assertEquals(List.of("survived a 503"), said(flaky), "one event, though called twice");
    assertEquals(2, calls.get(flaky).get());

    String bad = run("bad");
    JsonNode failed = awaitTurnFinished(api, bad);
    assertEquals("FAILED", failed.get("state").asText());
    assertEquals("runner_http_error", failed.at("/failure/code").asText());
    assertEquals(1, calls.get(bad).get(), "a 400 is not retried");
  }

  @Test
  void anApprovalRequestLineWaitsAndTheNextPostCarriesTheDecision() {
    String turnId = run("gate");
    api.await("/v1/agent_turns/" + turnId,
        t -> t.get("state").asText().equals("WAITING_FOR_PERMISSION"), WAIT);
    String approval = api.get("/v1/approval_requests?turn=" + turnId).expect(200).json()
        .at("/data/0/id").asText();
    api.post("/v1/approval_requests/" + approval + ":approve", null).expect(200);
    assertEquals("COMPLETED", awaitTurnFinished(api, turnId).get("state").asText());
    assertEquals(List.of("decided APPROVED"), said(turnId));
    assertTrue(calls.get(turnId).get() == 2);
  }

  @Test
  void aRunnerBlockWithoutAUrlIsRefused() {
    assertError(api.post("/v1/agents", Map.of("name", "bad", "instructions", "x",
        "runner", Map.of("type", "http", "url", "ftp://x"))), 422, "invalid_runner_config",
        "runner");
  }
}
