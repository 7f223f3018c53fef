package dev.turnpike.api.approval;

import static dev.turnpike.api.support.Api.assertError;
import static dev.turnpike.api.support.Api.awaitTurnFinished;
import static dev.turnpike.api.support.Api.submitTurn;
import static dev.turnpike.api.support.Api.walk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.api.support.ApiClient;
import dev.turnpike.api.support.SessionPerTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Gated actions over real HTTP: approve, reject, races, cancellation, and no way around a gate. */
class ApprovalsEndToEndTest extends SessionPerTest {

  /** Submits the script and waits until its turn waits for a decision; returns the request. */
  static JsonNode awaitPending(String turnId) {
    api.await("/v1/agent_turns/" + turnId,
        t -> t.get("state").asText().equals("WAITING_FOR_PERMISSION"), WAIT);
    JsonNode list = api.get("/v1/approval_requests?turn=" + turnId + "&state=PENDING")
        .expect(200).json();
    assertEquals(1, list.get("data").size(), list.toString());
    return list.get("data").get(0);
  }

  static ApiClient.Response decide(String approvalId, String verb, Object body) {
    return api.post("/v1/approval_requests/" + approvalId + ":" + verb, body);
  }

  static List<JsonNode> events(String turnId) {
    return walk(api, "/v1/agent_turns/" + turnId + "/events", 100);
  }

  static List<String> assistantMessages(List<JsonNode> events) {
    return events.stream()
        .filter(e -> e.get("type").asText().equals("message.created"))
        .filter(e -> e.at("/data/role").asText().equals("assistant"))
        .map(e -> e.at("/data/content").asText())
        .toList();
  }

  static long count(List<JsonNode> events, String type) {
    return events.stream().filter(e -> e.get("type").asText().equals(type)).count();
  }

  @Test
  void anApprovedActionRunsAndTheScriptGoesOn() {
    String turnId =
        submitTurn(api, sessionId, "say: plan\napproval: deploy prod\nsay: deployed").get("id")
            .asText();
    JsonNode pending = awaitPending(turnId);
    assertEquals("deploy prod", pending.get("action").asText());
    assertEquals("PENDING", pending.get("state").asText());
    assertTrue(pending.get("id").asText().startsWith("apr_"));
    assertEquals(Set.of("id", "workspace_id", "agent_id", "session_id", "turn_id", "action",
        "details", "state", "requested_at", "decided_at", "decided_by", "reason", "expires_at",
        "etag"), fieldNamesOf(pending));
    assertEquals("WAITING_FOR_PERMISSION",
        api.get("/v1/agent_sessions/" + sessionId).expect(200).json().get("state").asText());

    List<JsonNode> before = events(turnId);
    JsonNode card = before.stream()
        .filter(e -> e.get("type").asText().equals("widget.created")).findFirst().orElseThrow();
    assertEquals(pending.get("id").asText(), card.at("/data/approval_request_id").asText());
    assertEquals("/v1/approval_requests/" + pending.get("id").asText() + ":approve",
        card.at("/data/actions/0/path").asText());
    assertEquals(1, count(before, "approval_request.created"));
    assertEquals(List.of("plan"), assistantMessages(before), "nothing past the gate ran");

    JsonNode approved =
        decide(pending.get("id").asText(), "approve", Map.of("reason", "change window open"))
            .expect(200).json();
    assertEquals("APPROVED", approved.get("state").asText());
    assertEquals("change window open", approved.get("reason").asText());
    assertTrue(approved.get("decided_at").isNumber());
    assertTrue(approved.get("decided_by").asText().startsWith("tok_"));

    assertEquals("COMPLETED", awaitTurnFinished(api, turnId).get("state").asText());
    List<JsonNode> after = events(turnId);
    assertEquals(List.of("plan", "approved: deploy prod", "deployed"), assistantMessages(after));
    JsonNode resolved = after.stream()
        .filter(e -> e.get("type").asText().equals("approval_request.resolved")).findFirst()
        .orElseThrow();
    assertEquals("APPROVED", resolved.at("/data/state").asText());
    assertEquals(approved.get("decided_by").asText(), resolved.at("/data/decided_by").asText());
    assertEquals("WAITING_FOR_INPUT",
        api.get("/v1/agent_sessions/" + sessionId).expect(200).json().get("state").asText());
  }

  @Test
  void aRejectedActionSkipsTheRestAndTheTurnStillCompletes() {
    String turnId =
        submitTurn(api, sessionId, "approval: drop table users\nsay: dropped").get("id").asText();
    JsonNode pending = awaitPending(turnId);
    JsonNode rejected = decide(pending.get("id").asText(), "reject", null).expect(200).json();
    assertEquals("REJECTED", rejected.get("state").asText());
    assertEquals("COMPLETED", awaitTurnFinished(api, turnId).get("state").asText());
    assertEquals(List.of("rejected: drop table users"), assistantMessages(events(turnId)));
  }

  @Test
  void fiftyConcurrentApprovalsMakeOneDecisionAndOneResume() throws Exception {
    String turnId =
        submitTurn(api, sessionId, "approval: restart db\nsay: restarted").get("id").asText();
    String approvalId = awaitPending(turnId).get("id").asText();
    ExecutorService pool = Executors.newFixedThreadPool(50);
    List<Callable<ApiClient.Response>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(() -> decide(approvalId, "approve", null));
    }
    Set<String> decidedAt = new HashSet<>();
    for (Future<ApiClient.Response> f : pool.invokeAll(calls)) {
      JsonNode body = f.get().expect(200).json();
      assertEquals("APPROVED", body.get("state").asText());
      decidedAt.add(body.get("decided_at").asText() + "/" + body.get("etag").asText());
    }
    pool.shutdown();
    assertEquals(1, decidedAt.size(), "every caller got the one recorded decision");
    awaitTurnFinished(api, turnId);
    List<JsonNode> events = events(turnId);
    assertEquals(1, count(events, "approval_request.resolved"));
    assertEquals(List.of("approved: restart db", "restarted"), assistantMessages(events));
  }

  @Test
  void theOppositeDecisionAfterOneIsRecordedIsAConflict() {
    String turnId = submitTurn(api, sessionId, "approval: rotate keys").get("id").asText();
    String approvalId = awaitPending(turnId).get("id").asText();
    JsonNode approved = decide(approvalId, "approve", null).expect(200).json();
    JsonNode error = assertError(decide(approvalId, "reject", Map.of("reason", "changed my mind")),
        409, "approval_already_decided", "id");
    assertTrue(error.get("message").asText().contains("APPROVED"), error.toString());
    assertEquals(approved, decide(approvalId, "approve", null).expect(200).json(),
        "the same decision again is a no-op that returns the recorded request");
    awaitTurnFinished(api, turnId);
  }

  @Test
  void cancellingATurnWaitingForApprovalCancelsTheRequestAndFreesTheSession() {
    String turnId = submitTurn(api, sessionId, "approval: deploy\nsay: never").get("id").asText();
    String approvalId = awaitPending(turnId).get("id").asText();

    JsonNode cancelled = api.post("/v1/agent_turns/" + turnId + ":cancel", null).expect(200).json();
    assertEquals("CANCELLED", cancelled.get("state").asText());
    JsonNode request = api.get("/v1/approval_requests/" + approvalId).expect(200).json();
    assertEquals("CANCELLED", request.get("state").asText());
    assertError(decide(approvalId, "approve", null), 409, "approval_already_decided", "id");
    List<JsonNode> events = events(turnId);
    assertEquals("turn.cancelled", events.getLast().get("type").asText());
    assertEquals(List.of(), assistantMessages(events));
    assertEquals(cancelled, api.post("/v1/agent_turns/" + turnId + ":cancel", null)
        .expect(200).json(), "cancelling again changes nothing");

    String next = submitTurn(api, sessionId, "say: next one").get("id").asText();
    assertEquals("COMPLETED", awaitTurnFinished(api, next).get("state").asText());
  }

  @Test
  void noMessageCountsAsAnApproval() throws Exception {
    String turnId = submitTurn(api, sessionId, "approval: wire money\nsay: sent").get("id").asText();
    String approvalId = awaitPending(turnId).get("id").asText();
    ApiClient emitter = api.withHeader("idempotency-key", "user-says-yes");
    emitter.post("/v1/agent_turns/" + turnId + ":emit",
        Map.of("type", "message", "data", Map.of("role", "user", "content", "approve"))).expect(201);
    assertError(api.withHeader("idempotency-key", "forged")
        .post("/v1/agent_turns/" + turnId + ":emit", Map.of("type", "approval_request.resolved",
            "data", Map.of("approval_request_id", approvalId, "state", "APPROVED"))),
        400, null, "type");
    submitTurn(api, sessionId, "say: queued behind the gate");
    Thread.sleep(1_500);

    assertEquals("WAITING_FOR_PERMISSION",
        api.get("/v1/agent_turns/" + turnId).expect(200).json().get("state").asText());
    assertEquals("PENDING",
        api.get("/v1/approval_requests/" + approvalId).expect(200).json().get("state").asText());
    assertEquals(List.of(), assistantMessages(events(turnId)), "the gate held");
    decide(approvalId, "reject", null).expect(200);
    awaitTurnFinished(api, turnId);
  }

  @Test
  void cancellingASessionEndsItsRunningAndQueuedTurnsAndClosesIt() {
    String running = submitTurn(api, sessionId, "say: working\nsleep: 30000").get("id").asText();
    String queued = submitTurn(api, sessionId, "say: later").get("id").asText();
    api.await("/v1/agent_turns/" + running, t -> t.get("state").asText().equals("RUNNING"), WAIT);
    assertEquals("QUEUED",
        api.get("/v1/agent_turns/" + queued).expect(200).json().get("state").asText());

    JsonNode cancelledQueued =
        api.post("/v1/agent_turns/" + queued + ":cancel", null).expect(200).json();
    assertEquals("CANCELLED", cancelledQueued.get("state").asText(), "a queued turn is dropped");
    String another = submitTurn(api, sessionId, "say: also later").get("id").asText();

    long started = System.nanoTime();
    JsonNode session =
        api.post("/v1/agent_sessions/" + sessionId + ":cancel", null).expect(200).json();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals("CANCELLED", session.get("state").asText());
    assertTrue(tookMillis < 10_000, "a mid-sleep turn stops within seconds: " + tookMillis);
    for (String id : List.of(running, queued, another)) {
      assertEquals("CANCELLED",
          api.get("/v1/agent_turns/" + id).expect(200).json().get("state").asText(), id);
    }
    assertEquals(List.of("working"), assistantMessages(events(running)));
    assertEquals(List.of("turn.cancelled"),
        events(queued).stream().map(e -> e.get("type").asText()).toList(),
        "a dropped turn never ran");
    assertError(api.post("/v1/agent_turns",
        Map.of("session_id", sessionId, "input", Map.of("content", "say: more"))),
        409, "session_closed", "session_id");
    assertEquals("CANCELLED",
        api.get("/v1/agent_sessions/" + sessionId).expect(200).json().get("state").asText(),
        "a turn ending after the session's cancel does not reopen it");
  }

  @Test
  void badDecisionsAndListsAreRefused() {
    assertError(decide("apr_unknown", "approve", null), 404, "not_found", "id");
    String turnId = submitTurn(api, sessionId, "approval: x").get("id").asText();
    String approvalId = awaitPending(turnId).get("id").asText();
    assertError(decide(approvalId, "approve", Map.of("reason", 5)), 400, null, "reason");
    assertError(decide(approvalId, "approve", Map.of("reason", "r".repeat(2001))), 400, null,
        "reason");
    assertError(api.get("/v1/approval_requests?state=MAYBE"), 400, null, "state");
    ApiClient other = turnpike.newWorkspaceClient("other approvers");
    assertError(other.post("/v1/approval_requests/" + approvalId + ":approve", null), 404,
        "not_found", "id");
    assertError(other.get("/v1/approval_requests/" + approvalId), 404, "not_found", "id");
    assertEquals(0, other.get("/v1/approval_requests").expect(200).json().get("data").size());
    assertEquals("PENDING",
        api.get("/v1/approval_requests/" + approvalId).expect(200).json().get("state").asText(),
        "bad requests decided nothing");
    decide(approvalId, "reject", null).expect(200);
    awaitTurnFinished(api, turnId);
  }

  static Set<String> fieldNamesOf(JsonNode node) {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
