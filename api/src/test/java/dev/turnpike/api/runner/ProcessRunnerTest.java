package dev.turnpike.api.runner;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The process runner with a real child process: {@link ProcessAgent} in its own JVM. */
class ProcessRunnerTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static TestTurnpike turnpike;
  static ApiClient api;
  static String agentId;
  static Path sandboxes;

  @BeforeAll
  static void start() throws Exception {
    sandboxes = Files.createTempDirectory("turnpike-sandboxes");
    turnpike = TestTurnpike.start(Map.of("turnpike.sandboxes.root", sandboxes.toString()));
    api = turnpike.newWorkspaceClient("processes");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"),
        ProcessAgent.class.getName());
    agentId = createAgent(api, Map.of("name", "local", "instructions", "x",
        "runner", Map.of("type", "process", "command", command)))
        .get("id").asText();
  }

  @AfterAll
  static void stop() {
    turnpike.close();
  }

  static String run(String content) {
    String session = createSession(api, agentId).get("id").asText();
    return submitTurn(api, session, content).get("id").asText();
  }

  static List<JsonNode> events(String turnId) {
    return walk(api, "/v1/agent_turns/" + turnId + "/events", 100);
  }

  static List<String> types(List<JsonNode> events) {
    return events.stream().map(e -> e.get("type").asText()).toList();
  }

  @Test
  void eachStdoutLineIsAnEventInTheSessionsOwnSandbox() throws Exception {
    String turnId = run("hello there");
    JsonNode turn = awaitTurnFinished(api, turnId);
    assertEquals("COMPLETED", turn.get("state").asText(), turn.toString());
    List<JsonNode> events = events(turnId);
    assertEquals(List.of("message.created", "execution_environment.started", "message.created",
        "progress.updated", "progress.updated", "artifact.created",
        "execution_environment.stopped", "turn.completed"), types(events));
    assertEquals("got: hello there", events.get(2).at("/data/content").asText());
    assertTrue(events.get(3).at("/data/warning").asBoolean(), "a malformed line is a warning");
    assertEquals("a log line\n", events.get(5).at("/data/content").asText(), "stderr is a log");

    JsonNode session = api.get("/v1/agent_sessions/" + turn.get("session_id").asText())
        .expect(200).json();
    String sandbox = session.get("current_sandbox_id").asText();
    assertTrue(sandbox.startsWith("sbx_"));
    assertEquals(sandbox, events.get(1).at("/data/sandbox_id").asText());
    assertEquals("hello there", Files.readString(sandboxes.resolve(sandbox).resolve("seen.txt")),
        "the process ran in the session's sandbox");

    String next = submitTurn(api, session.get("id").asText(), "again").get("id").asText();
    awaitTurnFinished(api, next);
    assertEquals("execution_environment.resumed", events(next).get(1).get("type").asText());
  }

  @Test
  void aNonZeroExitFailsTheTurnWithStderrInTheMessage() {
    String turnId = run("crash");
    JsonNode turn = awaitTurnFinished(api, turnId);
    assertEquals("FAILED", turn.get("state").asText());
    assertEquals("runner_error", turn.at("/failure/code").asText());
    assertEquals("process exited with code 3: something broke", turn.at("/failure/message").asText());
  }

  @Test
  void anApprovalRequestLinePausesTheTurnAndTheNextStepGetsTheDecision() {
    for (String verb : List.of("approve", "reject")) {
      String turnId = run("approve-me");
      api.await("/v1/agent_turns/" + turnId,
          t -> t.get("state").asText().equals("WAITING_FOR_PERMISSION"), WAIT);
      JsonNode pending = api.get("/v1/approval_requests?turn=" + turnId).expect(200).json()
          .get("data").get(0);
      assertEquals("deploy prod", pending.get("action").asText());
      assertEquals("prod", pending.at("/details/env").asText());
      api.post("/v1/approval_requests/" + pending.get("id").asText() + ":" + verb, null)
          .expect(200);
      assertEquals("COMPLETED", awaitTurnFinished(api, turnId).get("state").asText());
      List<String> said = events(turnId).stream()
          .filter(e -> e.at("/data/role").asText().equals("assistant"))
          .map(e -> e.at("/data/content").asText()).toList();
      String expected = verb.equals("approve") ? "APPROVED" : "REJECTED";
      assertEquals(List.of("about to deploy", "decision: " + expected), said);
    }
  }

  @Test
  void cancellingTheTurnKillsTheProcessAndWhatItStarted() throws Exception {
    String turnId = run("long");
    api.await("/v1/agent_turns/" + turnId + "/events",
        page -> page.get("data").size() >= 3, WAIT);
    String session = api.get("/v1/agent_turns/" + turnId).expect(200).json()
        .get("session_id").asText();
    String sandbox = api.get("/v1/agent_sessions/" + session).expect(200).json()
        .get("current_sandbox_id").asText();
    long childPid = Long.parseLong(
        Files.readString(sandboxes.resolve(sandbox).resolve("child.pid")).strip());
    assertTrue(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false));

    JsonNode cancelled = api.post("/v1/agent_turns/" + turnId + ":cancel", null).expect(200).json();
    assertEquals("CANCELLED", cancelled.get("state").asText());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false)
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertFalse(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false),
        "the process's own child was killed too");
    assertFalse(events(turnId).stream().anyMatch(e -> e.at("/data/content").asText().equals("never")));
  }

  @Test
  void aRunnerBlockWithoutACommandIsRefused() {
    assertError(api.post("/v1/agents", Map.of("name", "bad", "instructions", "x",
        "runner", Map.of("type", "process"))), 422, "invalid_runner_config", "runner");
    assertError(api.post("/v1/agents", Map.of("name", "bad", "instructions", "x",
        "runner", Map.of("type", "process", "command", "python3 agent.py"))), 422,
        "invalid_runner_config", "runner");
  }
}
