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
import dev.turnpike.activities.testing.Ports;
import dev.turnpike.api.support.ApiClient;
import dev.turnpike.api.support.TestTurnpike;
import dev.turnpike.workflows.TaskQueues;
import dev.turnpike.workflows.sandbox.SandboxDeletion;
import dev.turnpike.workflows.sandbox.SandboxDeletionWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
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

  static List<JsonNode> sessionEvents(String sessionId, String type) {
    return walk(api, "/v1/agent_sessions/" + sessionId + "/events", 100).stream()
        .filter(e -> e.get("type").asText().equals(type)).toList();
  }

  /** A session whose one turn ran, so it has a sandbox; returns its id. */
  static String sessionWithSandbox() {
    JsonNode turn = awaitTurnFinished(api, run("make a sandbox"));
    return turn.get("session_id").asText();
  }

  static String sandboxOf(String sessionId) {
    return api.get("/v1/agent_sessions/" + sessionId).expect(200).json()
        .get("current_sandbox_id").asText(null);
  }

  /** Waits until a worker has deleted the archived session's sandbox. */
  static void awaitSandboxDeleted(ApiClient client, String sessionId) {
    client.await("/v1/agent_sessions/" + sessionId,
        s -> s.get("current_sandbox_id").isNull(), WAIT);
  }

  /** Runs the deletion workflow to its end, as a Turnpike process starting would start it. */
  static void runDeletionWorkflow(String sessionId) {
    turnpike.running().context().getBean(WorkflowClient.class)
        .newWorkflowStub(SandboxDeletionWorkflow.class, WorkflowOptions.newBuilder()
            .setWorkflowId(SandboxDeletionWorkflow.workflowId(sessionId))
            .setTaskQueue(TaskQueues.DEFAULT).build())
        .delete(new SandboxDeletion(api.workspaceId(), sessionId));
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
  void archivingTheSessionDeletesItsSandboxOnAWorkerWithOneEvent() throws Exception {
    String session = sessionWithSandbox();
    String sandbox = sandboxOf(session);
    Path dir = sandboxes.resolve(sandbox);
    Files.createDirectories(dir.resolve("a/b"));
    Files.writeString(dir.resolve("a/b/c.txt"), "nested");
    Path outside = Files.createTempDirectory("outside-the-sandbox");
    Files.writeString(outside.resolve("keep.txt"), "keep");
    Files.createSymbolicLink(dir.resolve("a/link"), outside);
    dir.resolve("a/b").toFile().setWritable(false);

    JsonNode archived =
        api.post("/v1/agent_sessions/" + session + ":archive", null).expect(200).json();
    assertEquals("ARCHIVED", archived.get("state").asText());
    awaitSandboxDeleted(api, session);
    assertFalse(Files.exists(dir), "the directory is gone");
    assertTrue(Files.exists(outside.resolve("keep.txt")), "a symlink out is not followed");

    List<JsonNode> deleted = sessionEvents(session, "execution_environment.deleted");
    assertEquals(1, deleted.size(), deleted.toString());
    assertEquals(sandbox, deleted.get(0).at("/data/sandbox_id").asText());
    assertEquals("directory", deleted.get(0).at("/data/kind").asText());
    assertTrue(deleted.get(0).get("turn_id").isNull(), "a session's event, not a turn's");

    api.post("/v1/agent_sessions/" + session + ":archive", null).expect(200);
    runDeletionWorkflow(session);
    assertEquals(1, sessionEvents(session, "execution_environment.deleted").size(),
        "archiving or deleting again adds nothing");
  }

  @Test
  void aSessionWithoutASandboxGetsNoDeletedEvent() {
    String session = createSession(api, agentId).get("id").asText();
    JsonNode archived =
        api.post("/v1/agent_sessions/" + session + ":archive", null).expect(200).json();
    assertTrue(archived.get("current_sandbox_id").isNull());
    runDeletionWorkflow(session);
    assertEquals(List.of(), walk(api, "/v1/agent_sessions/" + session + "/events", 100));
  }

  @Test
  void aDeletionThatCouldNotStartIsResumedWhenAProcessStarts() throws Exception {
    String session = sessionWithSandbox();
    Path dir = sandboxes.resolve(sandboxOf(session));
    String deadTemporal = "127.0.0.1:" + Ports.free();
    try (TestTurnpike cutOff = TestTurnpike.start(
        new TestTurnpike.Node("api", deadTemporal, 0, turnpike.adminToken()), Map.of())) {
      ApiClient viaCutOff = new ApiClient(cutOff.url(), api.token(), api.workspaceId());
      assertEquals("ARCHIVED", viaCutOff.post("/v1/agent_sessions/" + session + ":archive", null)
          .expect(200).json().get("state").asText(), "archiving does not need Temporal");
    }
    assertTrue(Files.exists(dir), "nothing could delete it yet");
    assertEquals(sandboxOf(session), dir.getFileName().toString());

    try (TestTurnpike restarted = turnpike.startApiNode(0)) {
      awaitSandboxDeleted(api, session);
    }
    assertFalse(Files.exists(dir));
    assertEquals(1, sessionEvents(session, "execution_environment.deleted").size());
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
