package dev.turnpike.api.stream;

import static dev.turnpike.api.support.Api.awaitTurnFinished;
import static dev.turnpike.api.support.Api.createAgent;
import static dev.turnpike.api.support.Api.createSession;
import static dev.turnpike.api.support.Api.submitTurn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnpike.activities.testing.Ports;
import dev.turnpike.api.support.ApiClient;
import dev.turnpike.api.support.SseClient.Frame;
import dev.turnpike.api.support.SseClient;
import dev.turnpike.api.support.TestTurnpike;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streams across processes' worth of API nodes: each node LISTENs on PostgreSQL itself, so a
 * client on any node sees every event, and a client whose node restarts resumes by cursor.
 */
class MultiNodeStreamTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static TestTurnpike worker;
  static ApiClient api;
  static String agentId;

  @BeforeAll
  static void start() {
    worker = TestTurnpike.start();
    api = worker.newWorkspaceClient("nodes");
    agentId = createAgent(api, "multi-node").get("id").asText();
  }

  @AfterAll
  static void stop() {
    worker.close();
  }

  static SseClient follow(TestTurnpike node, String sessionId, String lastEventId) {
    return SseClient.open(
        node.url(), api.token(), "/v1/agent_sessions/" + sessionId + "/events", lastEventId);
  }

  static List<Long> sequences(List<Frame> frames) {
    return frames.stream().map(f -> f.json().get("sequence").asLong()).toList();
  }

  @Test
  void clientsOnTwoApiNodesEachSeeEveryEvent() throws Exception {
    try (TestTurnpike second = worker.startApiNode(0)) {
      String sessionId = createSession(api, agentId).get("id").asText();
      try (SseClient onFirst = follow(worker, sessionId, null);
          SseClient onSecond = follow(second, sessionId, null)) {
        ApiClient viaSecond = new ApiClient(second.url(), api.token(), api.workspaceId());
        submitTurn(viaSecond, sessionId, "say: one\nsleep: 200\nsay: two\ntool: look around");
        List<Frame> first = onFirst.eventsUntil("turn.completed", WAIT);
        List<Frame> other = onSecond.eventsUntil("turn.completed", WAIT);
        List<Long> all = LongStream.rangeClosed(1, 6).boxed().toList();
        assertEquals(all, sequences(first), "the node that runs the worker");
        assertEquals(all, sequences(other), "the API-only node");
        for (int i = 0; i < first.size(); i++) {
          assertEquals(first.get(i).json(), other.get(i).json());
        }
      }
    }
  }

  @Test
  void aClientWhoseApiNodeRestartsResumesWithExactlyTheFullSequence() throws Exception {
    int port = Ports.free();
    String sessionId = createSession(api, agentId).get("id").asText();
    StringBuilder script = new StringBuilder();
    for (int i = 1; i <= 12; i++) {
      script.append("say: line ").append(i).append("\nsleep: 250\n");
    }
    String turnId;
    List<Frame> received = new ArrayList<>();
    TestTurnpike node = worker.startApiNode(port);
    try (SseClient sse = follow(node, sessionId, null)) {
      turnId = submitTurn(api, sessionId, script.toString()).get("id").asText();
      for (int i = 0; i < 3; i++) {
        received.add(sse.nextEvent(WAIT));
      }
      node.close();
      Frame f;
      while ((f = sse.nextEvent(Duration.ofSeconds(10))) != null) {
        received.add(f);
      }
      assertTrue(sse.awaitEnd(Duration.ofSeconds(5)), "the stream ends when its node stops");
    }
    try (TestTurnpike restarted = worker.startApiNode(port);
        SseClient sse = follow(restarted, sessionId, received.getLast().id())) {
      received.addAll(sse.eventsUntil("turn.completed", WAIT));
    }
    assertEquals("COMPLETED", awaitTurnFinished(api, turnId).get("state").asText());
    assertEquals(
        LongStream.rangeClosed(1, 14).boxed().toList(),
        sequences(received),
        "input, 12 lines and turn.completed: each once, in order, across the restart");
  }
}
