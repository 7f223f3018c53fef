package dev.turnpike.api.session;

import static dev.turnpike.api.support.Api.assertError;
import static dev.turnpike.api.support.Api.awaitTurnFinished;
import static dev.turnpike.api.support.Api.ids;
import static dev.turnpike.api.support.Api.submitTurn;
import static dev.turnpike.api.support.Api.walk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.api.support.ApiClient;
import dev.turnpike.api.support.SessionPerTest;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Forked sessions go their own way; sub-agents run as child workflows of the turn that spawns them. */
class ForkAndSpawnTest extends SessionPerTest {

  static List<JsonNode> events(String sessionId) {
    return walk(api, "/v1/agent_sessions/" + sessionId + "/events", 100);
  }

  static List<String> contents(List<JsonNode> events) {
    return events.stream()
        .filter(e -> e.get("type").asText().equals("message.created"))
        .map(e -> e.at("/data/content").asText())
        .toList();
  }

  static void run(String sessionId, String script) {
    String turnId = submitTurn(api, sessionId, script).get("id").asText();
    assertEquals("COMPLETED", awaitTurnFinished(api, turnId).get("state").asText());
  }

  @Test
  void aForkCopiesTheConversationAndThenBothGoTheirOwnWay() {
    run(sessionId, "say: one");
    String second = submitTurn(api, sessionId, "say: two").get("id").asText();
    awaitTurnFinished(api, second);
    run(sessionId, "say: three");
    List<JsonNode> original = events(sessionId);

    JsonNode fork = api.post("/v1/agent_sessions/" + sessionId + ":fork",
        Map.of("up_to_turn_id", second, "title", "try B")).expect(201).json();
    String forkId = fork.get("id").asText();
    assertNotEquals(sessionId, forkId);
    assertEquals(sessionId, fork.get("forked_from_session_id").asText());
    assertEquals("try B", fork.get("title").asText());
    assertEquals("WAITING_FOR_INPUT", fork.get("state").asText());

    List<JsonNode> copied = events(forkId);
    assertEquals(contents(original).subList(0, 4), contents(copied),
        "the fork reads as the same conversation up to that turn");
    assertEquals(LongStream.rangeClosed(1, copied.size()).boxed().toList(),
        copied.stream().map(e -> e.get("sequence").asLong()).toList());
    assertTrue(copied.stream().allMatch(e -> e.get("session_id").asText().equals(forkId)));
    assertEquals(copied.getLast().get("cursor").asText(),
        api.get("/v1/agent_sessions/" + forkId).expect(200).json().get("last_event_cursor")
            .asText());
    List<String> forkTurns = ids(api.get("/v1/agent_turns?session=" + forkId).expect(200).json());
    assertEquals(2, forkTurns.size());
    assertTrue(forkTurns.stream().noneMatch(t -> t.equals(second)), "copies have their own ids");

    run(forkId, "recall: context\nsay: fork goes B");
    run(sessionId, "say: original goes A");
    assertEquals(
        List.of("recall: context\nsay: fork goes B", "recall: 4 earlier messages; last: two",
            "fork goes B"),
        contents(events(forkId)).subList(4, 7), "the runner sees the forked history");
    List<String> originalNow = contents(events(sessionId));
    assertEquals(contents(original), originalNow.subList(0, contents(original).size()),
        "the original is untouched");
    assertTrue(contents(events(sessionId)).contains("original goes A"));
    assertTrue(!contents(events(forkId)).contains("original goes A"));
    assertTrue(ids(api.get("/v1/agent_sessions?forked_from_session=" + sessionId).expect(200)
        .json()).contains(forkId));

    assertError(api.post("/v1/agent_sessions/" + sessionId + ":fork",
        Map.of("up_to_turn_id", "trn_notthere")), 404, "not_found", "up_to_turn_id");
  }

  @Test
  void aSubAgentRunsAsAChildAndItsAnswerComesBack() {
    String parentTurn = submitTurn(api, sessionId,
        "say: delegating\nspawn: researcher: say: looked it up\\nsay: the answer is 42\nsay: done")
        .get("id").asText();
    assertEquals("COMPLETED", awaitTurnFinished(api, parentTurn).get("state").asText());

    List<JsonNode> children = walk(api, "/v1/agent_sessions?parent_session=" + sessionId, 100);
    assertEquals(1, children.size());
    JsonNode child = children.getFirst();
    assertEquals("researcher", child.get("agent_role").asText());
    assertEquals(parentTurn, child.get("spawned_by_turn_id").asText());
    assertEquals(List.of(child.get("id").asText()),
        ids(api.get("/v1/agent_sessions?spawned_by_turn=" + parentTurn).expect(200).json()));
    assertTrue(ids(api.get("/v1/agent_sessions?agent_role=researcher").expect(200).json())
        .contains(child.get("id").asText()));
    assertEquals(List.of("say: looked it up\nsay: the answer is 42", "looked it up",
        "the answer is 42"), contents(events(child.get("id").asText())));

    List<JsonNode> parentEvents =
        walk(api, "/v1/agent_turns/" + parentTurn + "/events", 100);
    JsonNode answer = parentEvents.stream()
        .filter(e -> e.at("/data/spawned_session_id").isTextual()).findFirst().orElseThrow();
    assertEquals("the answer is 42", answer.at("/data/content").asText());
    assertEquals("COMPLETED", answer.at("/data/spawned_turn_state").asText());
    assertEquals(List.of("delegating", "the answer is 42", "done"),
        parentEvents.stream().filter(e -> e.at("/data/role").asText().equals("assistant"))
            .map(e -> e.at("/data/content").asText()).toList());
  }

  @Test
  void cancellingTheParentCancelsTheSubAgent() {
    String parentTurn = submitTurn(api, sessionId,
        "spawn: worker: say: working\\nsleep: 30000\\nsay: never\nsay: never either")
        .get("id").asText();
    JsonNode child = api.await("/v1/agent_sessions?parent_session=" + sessionId,
        list -> list.get("data").size() == 1
            && list.get("data").get(0).get("state").asText().equals("ACTIVE"), WAIT)
        .get("data").get(0);
    String childTurn = ids(api.get("/v1/agent_turns?session=" + child.get("id").asText())
        .expect(200).json()).getFirst();
    api.await("/v1/agent_turns/" + childTurn + "/events",
        page -> page.get("data").size() >= 2, WAIT);

    JsonNode cancelled =
        api.post("/v1/agent_turns/" + parentTurn + ":cancel", null).expect(200).json();
    assertEquals("CANCELLED", cancelled.get("state").asText());
    assertEquals("CANCELLED", awaitTurnFinished(api, childTurn).get("state").asText());
    assertEquals(List.of("say: working\nsleep: 30000\nsay: never", "working"),
        contents(events(child.get("id").asText())));
  }
}
