package dev.turnpike.api.durability;

import static dev.turnpike.api.support.Api.awaitTurnFinished;
import static dev.turnpike.api.support.Api.createAgent;
import static dev.turnpike.api.support.Api.createSession;
import static dev.turnpike.api.support.Api.submitTurn;
import static dev.turnpike.api.support.Api.walk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.activities.runtime.ExternalDatabase;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.testing.Ports;
import dev.turnpike.activities.testing.TestDatabase;
import dev.turnpike.api.support.ApiClient;
import dev.turnpike.api.support.ChildJvm;
import dev.turnpike.api.support.TestTurnpike;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment split the way production runs it: the Temporal server, the API and the worker
 * each in their own process. The worker is SIGKILLed in the middle of a turn that is writing
 * events; a new worker picks the turn up and every event ends up in the log exactly once.
 */
class WorkerCrashTest {
  static ChildJvm temporal;
  static TestTurnpike api;
  static final List<ChildJvm> workers = new ArrayList<>();
  static String temporalAddress;

  @BeforeAll
  static void start() throws Exception {
    int port = Ports.free();
    temporalAddress = "127.0.0.1:" + port;
    temporal = ChildJvm.start("temporal", "io.temporal.testserver.TestServer",
        List.of(Integer.toString(port)), Map.of(), Map.of());
    awaitPort(port);
    api = TestTurnpike.start(
        new TestTurnpike.Node("api", temporalAddress, 0, "sk_test_" + Ids.randomChars(24)),
        Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    for (ChildJvm w : workers) {
      w.close();
    }
    if (api != null) {
      api.close();
    }
    if (temporal != null) {
      temporal.close();
    }
  }

  static ChildJvm startWorker() throws Exception {
    ExternalDatabase db = TestDatabase.get();
    Map<String, String> env = new HashMap<>();
    env.put("TURNPIKE_ROLES", "worker");
    env.put("TEMPORAL_ADDRESS", temporalAddress);
    env.put("TURNPIKE_DATABASE_URL", db.jdbcUrl());
    env.put("TURNPIKE_DATABASE_USER", db.user() == null ? "" : db.user());
    env.put("TURNPIKE_DATABASE_PASSWORD", db.password() == null ? "" : db.password());
    Map<String, String> props = new HashMap<>();
    TestTurnpike.fastRetries().forEach((k, v) -> props.put(k, v.toString()));
    props.put("turnpike.activities.runner-heartbeat-timeout", "2s");
    props.put("turnpike.worker.sticky-schedule-to-start-timeout", "0s");
    ChildJvm worker =
        ChildJvm.start("worker", "dev.turnpike.api.Turnpike", List.of(), env, props);
    workers.add(worker);
    worker.awaitLog("Temporal worker polling", 60_000);
    return worker;
  }

  @Test
  void aWorkerKilledMidTurnLosesNothingAndDuplicatesNothing() throws Exception {
    ChildJvm first = startWorker();
    ApiClient client = api.newWorkspaceClient("crash");
    String sessionId = createSession(client, createAgent(client, "crashy").get("id").asText())
        .get("id").asText();
    StringBuilder script = new StringBuilder();
    int lines = 40;
    for (int i = 1; i <= lines; i++) {
      script.append("say: line ").append(i).append("\nsleep: 100\n");
    }
    String turnId = submitTurn(client, sessionId, script.toString()).get("id").asText();
    String events = "/v1/agent_turns/" + turnId + "/events";
    client.await(events, page -> page.get("data").size() >= 8, Duration.ofSeconds(60));

    first.kill();
    int before = walk(client, events, 100).size();
    assertTrue(before < lines + 2, "the worker died mid-turn, after " + before + " events");
    startWorker();

    JsonNode turn;
    try {
      turn = awaitTurnFinished(client, turnId);
    } catch (AssertionError e) {
      WorkflowClient temporalClient = api.running().context().getBean(WorkflowClient.class);
      System.out.println("History of " + turnId + ":\n" + temporalClient.fetchHistory(turnId).toJson(true));
      throw e;
    }
    assertEquals("COMPLETED", turn.get("state").asText(), turn.toString());
    List<JsonNode> log = walk(client, events, 100);
    assertEquals(LongStream.rangeClosed(1, lines + 2).boxed().toList(),
        log.stream().map(e -> e.get("sequence").asLong()).toList(),
        "gap-free, no duplicate: the input, one message per line, the terminal event");
    for (int i = 1; i <= lines; i++) {
      assertEquals("line " + i, log.get(i).at("/data/content").asText(), "line " + i + " in order");
    }
    assertEquals("turn.completed", log.getLast().get("type").asText());
  }

  @Test
  void aTurnWaitingForApprovalSurvivesItsWorkerAndResumesOnceApproved() throws Exception {
    ChildJvm first = startWorker();
    ApiClient client = api.newWorkspaceClient("crash while waiting");
    String sessionId = createSession(client, createAgent(client, "gated").get("id").asText())
        .get("id").asText();
    String turnId = submitTurn(client, sessionId,
        "say: before\napproval: ship it\nsay: after").get("id").asText();
    client.await("/v1/agent_turns/" + turnId,
        t -> t.get("state").asText().equals("WAITING_FOR_PERMISSION"), Duration.ofSeconds(60));

    first.kill();
    startWorker();
    JsonNode pending = client.get("/v1/approval_requests?turn=" + turnId).expect(200).json()
        .get("data").get(0);
    client.post("/v1/approval_requests/" + pending.get("id").asText() + ":approve", null)
        .expect(200);

    assertEquals("COMPLETED", awaitTurnFinished(client, turnId).get("state").asText());
    List<JsonNode> log = walk(client, "/v1/agent_turns/" + turnId + "/events", 100);
    assertEquals(
        List.of("message.created", "message.created", "approval_request.created",
            "widget.created", "approval_request.resolved", "message.created", "message.created",
            "turn.completed"),
        log.stream().map(e -> e.get("type").asText()).toList(),
        "every event once, in order, across the crash");
    assertEquals(LongStream.rangeClosed(1, 8).boxed().toList(),
        log.stream().map(e -> e.get("sequence").asLong()).toList());
    assertEquals("approved: ship it", log.get(5).at("/data/content").asText());
    assertEquals("after", log.get(6).at("/data/content").asText());
  }

  /**
   * The fault suite's worker crashes: 20 turns with sleeps and approvals; the worker is SIGKILLed
   * at random moments three times while approvals are given as they appear. Every turn completes
   * with each event once, in a gap-free sequence.
   */
  @Test
  void twentyTurnsSurviveRepeatedWorkerKillsAtRandomPoints() throws Exception {
    Random random = new Random(7);
    ChildJvm worker = startWorker();
    ApiClient client = api.newWorkspaceClient("crash suite");
    String agent = createAgent(client, "enduring").get("id").asText();
    List<String> turns = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String session = createSession(client, agent).get("id").asText();
      String script =
          "say: start " + i + "\nsleep: " + (500 + random.nextInt(2500)) + "\napproval: step " + i
              + "\nsay: middle " + i + "\nsleep: " + (2000 + random.nextInt(6000))
              + "\nsay: end " + i;
      turns.add(submitTurn(client, session, script).get("id").asText());
    }
    Set<String> approved = new HashSet<>();
    // Three kills at random moments while the turns sleep, wait and run, approving in between.
    for (int kill = 0; kill < 3; kill++) {
      Thread.sleep(500 + random.nextInt(1500));
      approveWhatIsPending(client, approved);
      worker.kill();
      worker = startWorker();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while (System.nanoTime() < deadline && !turns.stream().allMatch(t -> isFinished(client, t))) {
      approveWhatIsPending(client, approved);
      Thread.sleep(200);
    }
    for (String turnId : turns) {
      JsonNode turn = awaitTurnFinished(client, turnId);
      assertEquals("COMPLETED", turn.get("state").asText(), turn.toString());
      List<JsonNode> log = walk(client, "/v1/agent_turns/" + turnId + "/events", 100);
      assertEquals(LongStream.rangeClosed(1, log.size()).boxed().toList(),
          log.stream().map(e -> e.get("sequence").asLong()).toList(), turnId + " gap-free");
      assertEquals(List.of("message.created", "message.created", "approval_request.created",
              "widget.created", "approval_request.resolved", "message.created", "message.created",
              "message.created", "turn.completed"),
          log.stream().map(e -> e.get("type").asText()).toList(), turnId + " each event once");
    }
  }

  static boolean isFinished(ApiClient client, String turnId) {
    String state = client.get("/v1/agent_turns/" + turnId).expect(200).json().get("state").asText();
    return state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED");
  }

  static void approveWhatIsPending(ApiClient client, Set<String> approved) {
    for (JsonNode pending : walk(client, "/v1/approval_requests?state=PENDING", 100)) {
      String id = pending.get("id").asText();
      int status = client.post("/v1/approval_requests/" + id + ":approve", null).status();
      if (status == 200) {
        approved.add(id);
      }
    }
  }

  static void awaitPort(int port) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException e) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("the Temporal server never listened on " + port);
  }
}
