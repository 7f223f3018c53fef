package dev.turnpike.api.e2e;

import static dev.turnpike.api.support.Api.assertError;
import static dev.turnpike.api.support.Api.awaitTurnFinished;
import static dev.turnpike.api.support.Api.createAgent;
import static dev.turnpike.api.support.Api.createSession;
import static dev.turnpike.api.support.Api.ids;
import static dev.turnpike.api.support.Api.submitTurn;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnpike.api.support.ApiClient;
import dev.turnpike.api.support.TestTurnpike;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Whatever a client sends, it gets a 4xx in the one error shape, naming what is wrong; never a 500. */
class BadInputTest {
  static TestTurnpike turnpike;
  static ApiClient api;
  static String agentId;
  static String sessionId;
  static String turnId;

  @BeforeAll
  static void start() {
    turnpike = TestTurnpike.start();
    api = turnpike.newWorkspaceClient("bad input");
    agentId = createAgent(api, "target").get("id").asText();
    sessionId = createSession(api, agentId).get("id").asText();
    turnId = submitTurn(api, sessionId, "say: hi").get("id").asText();
    awaitTurnFinished(api, turnId);
  }

  @AfterAll
  static void stop() {
    turnpike.close();
  }

  static final List<String> CREATE_PATHS =
      List.of("/v1/agents", "/v1/agent_sessions", "/v1/agent_turns");

  @Test
  void malformedJsonIsInvalidJson() {
    for (String path : CREATE_PATHS) {
      assertError(api.post(path, "{\"name\": "), 400, "invalid_json", null);
      assertError(api.post(path, "{name: 'x'}"), 400, "invalid_json", null);
    }
    assertError(
        api.withHeader("If-Match", "x").patch("/v1/agents/" + agentId, "{\"name\""),
        400,
        "invalid_json",
        null);
    assertError(turnpike.admin().post("/v1/workspaces", "not json"), 400, "invalid_json", null);
  }

  @Test
  void aValidObjectFollowedByGarbageIsInvalidJson() {
    List<String> before = ids(api.get("/v1/agents").expect(200).json());
    assertError(
        api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": \"i\"} trailing"), 400, "invalid_json", null);
    assertError(
        api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": \"i\"}{\"name\": \"m\"}"),
        400,
        "invalid_json",
        null);
    assertEquals(before, ids(api.get("/v1/agents").expect(200).json()), "no agent was created");
  }

  @Test
  void aBodyThatIsNotAnObjectIsRefused() {
    for (String path : CREATE_PATHS) {
      assertError(api.post(path, "[]"), 400, null, null);
      assertError(api.post(path, "[{\"name\": \"x\"}]"), 400, null, null);
      assertError(api.post(path, "\"text\""), 400, null, null);
      assertError(api.post(path, "42"), 400, null, null);
      assertError(api.post(path, "null"), 400, null, null);
      assertError(api.post(path, ""), 400, null, null);
      assertError(api.send("POST", path, null), 400, null, null);
    }
    assertError(
        api.withHeader("If-Match", "x").patch("/v1/agents/" + agentId, "[]"), 400, null, null);
  }

  @Test
  void aFieldOfTheWrongTypeIsNamed() {
    List<String> agentsBefore = ids(api.get("/v1/agents").expect(200).json());
    assertError(api.post("/v1/agents", "{\"name\": 123, \"instructions\": \"i\"}"), 400, "invalid_request", "name");
    assertError(api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": true}"), 400, null, "instructions");
    assertError(api.post("/v1/agents", "{\"name\": {\"a\": 1}, \"instructions\": \"i\"}"), 400, null, "name");
    assertError(api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": \"i\", \"description\": 5}"), 400, null, "description");
    assertError(api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": \"i\", \"capabilities\": \"CHAT\"}"), 400, null, "capabilities");
    assertError(api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": \"i\", \"capabilities\": [\"NOPE\"]}"), 400, null, "capabilities");
    assertError(api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": \"i\", \"capabilities\": [1]}"), 400, null, null);
    assertError(api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": \"i\", \"capabilities\": [null]}"), 400, null, null);
    assertError(api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": \"i\", \"model_policy\": \"gpt\"}"), 400, null, "model_policy");
    assertError(
        api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": \"i\", \"model_policy\": {\"allowed_models\": [1]}}"),
        400,
        null,
        "model_policy.allowed_models");
    assertError(
        api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": \"i\", \"model_policy\": {\"default_model\": 7}}"),
        400,
        null,
        "model_policy.default_model");
    assertError(api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": \"i\", \"ambient\": []}"), 400, null, "ambient");
    assertError(
        api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": \"i\", \"ambient\": {\"enabled\": \"yes\"}}"),
        400,
        null,
        "ambient.enabled");
    assertError(api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": \"i\", \"runner\": \"scripted\"}"), 400, null, "runner");

    assertError(api.post("/v1/agent_sessions", "{\"agent_id\": 5}"), 400, null, "agent_id");
    assertError(api.post("/v1/agent_sessions", "{\"agent_id\": \"" + agentId + "\", \"title\": true}"), 400, null, "title");

    String turn = "{\"session_id\": \"" + sessionId + "\", ";
    assertError(api.post("/v1/agent_turns", turn + "\"input\": \"x\"}"), 400, null, "input");
    assertError(api.post("/v1/agent_turns", turn + "\"input\": [\"x\"]}"), 400, null, "input");
    assertError(api.post("/v1/agent_turns", turn + "\"input\": {\"content\": 5}}"), 400, null, "input.content");
    assertError(api.post("/v1/agent_turns", turn + "\"input\": {\"content\": \"x\"}, \"model\": 3}"), 400, null, "model");
    assertError(api.post("/v1/agent_turns", "{\"session_id\": [], \"input\": {\"content\": \"x\"}}"), 400, null, "session_id");

    assertError(
        api.withHeader("If-Match", "x").patch("/v1/agents/" + agentId, "{\"name\": 1}"), 400, null, "name");
    assertError(turnpike.admin().post("/v1/workspaces", "{\"name\": 1}"), 400, null, "name");
    assertError(
        turnpike.admin().post("/v1/api_tokens", "{\"workspace_id\": 1, \"name\": \"x\"}"), 400, null, "workspace_id");
    assertEquals(agentsBefore, ids(api.get("/v1/agents").expect(200).json()), "no agent was created");
  }

  @Test
  void aMissingRequiredFieldIsNamed() {
    assertError(api.post("/v1/agents", Map.of("instructions", "i")), 400, "invalid_request", "name");
    assertError(api.post("/v1/agents", Map.of("name", "n")), 400, null, "instructions");
    assertError(api.post("/v1/agents", Map.of("name", " ", "instructions", "i")), 400, null, "name");
    assertError(api.post("/v1/agents", "{\"name\": null, \"instructions\": \"i\"}"), 400, null, "name");
    assertError(api.post("/v1/agent_sessions", Map.of()), 400, null, "agent_id");
    assertError(api.post("/v1/agent_sessions", Map.of("title", "t")), 400, null, "agent_id");
    assertError(api.post("/v1/agent_turns", Map.of("input", Map.of("content", "x"))), 400, null, "session_id");
    assertError(api.post("/v1/agent_turns", Map.of("session_id", sessionId)), 400, null, "input");
    assertError(api.post("/v1/agent_turns", Map.of("session_id", sessionId, "input", Map.of())), 400, null, "input.content");
    assertError(
        api.post("/v1/agent_turns", Map.of("session_id", sessionId, "input", Map.of("content", ""))),
        400,
        null,
        "input.content");
    assertError(turnpike.admin().post("/v1/workspaces", Map.of()), 400, null, "name");
    assertError(turnpike.admin().post("/v1/api_tokens", Map.of("name", "x")), 400, null, "workspace_id");
    assertError(turnpike.admin().post("/v1/api_tokens", Map.of("workspace_id", api.workspaceId())), 400, null, "name");
  }

  @Test
  void aLimitOutsideOneToAHundredIsRefused() {
    List<String> lists =
        List.of(
            "/v1/agents",
            "/v1/agent_sessions",
            "/v1/agent_turns",
            "/v1/agent_turns?session=" + sessionId,
            "/v1/agent_sessions/" + sessionId + "/events",
            "/v1/agent_turns/" + turnId + "/events");
    for (String list : lists) {
      String sep = list.contains("?") ? "&" : "?";
      for (String bad : List.of("0", "101", "-1", "abc", "1.5", "", "99999999999999999999")) {
        assertError(api.get(list + sep + "limit=" + bad), 400, "invalid_request", "limit");
      }
      api.get(list + sep + "limit=1").expect(200);
      api.get(list + sep + "limit=100").expect(200);
    }
  }

  @Test
  void aCursorThatIsNotOneOfThisListsIsRefused() {
    String eventCursor = b64("e1");
    String resourceCursor = b64("r999999");
    List<String> garbage =
        List.of("garbage", "!!!", b64("x12"), b64("r-5"), b64("e-5"), b64("r"), b64("r99999999999999999999"));
    for (String list : List.of("/v1/agents", "/v1/agent_sessions", "/v1/agent_turns")) {
      for (String bad : garbage) {
        assertError(api.get(list + "?cursor=" + bad), 400, "invalid_request", "cursor");
      }
      assertError(api.get(list + "?cursor=" + eventCursor), 400, "invalid_request", "cursor");
      api.get(list + "?cursor=" + resourceCursor).expect(200);
    }
    for (String list :
        List.of("/v1/agent_sessions/" + sessionId + "/events", "/v1/agent_turns/" + turnId + "/events")) {
      for (String bad : garbage) {
        assertError(api.get(list + "?cursor=" + bad), 400, "invalid_request", "cursor");
      }
      assertError(api.get(list + "?cursor=" + resourceCursor), 400, "invalid_request", "cursor");
      api.get(list + "?cursor=" + eventCursor).expect(200);
    }
    // A cursor this server gave out for a resource list is refused by an event list, and back.
    createAgent(api, "second, for a cursor");
    String agentsCursor = api.get("/v1/agents?limit=1").expect(200).json().get("next_cursor").asText();
    assertError(
        api.get("/v1/agent_sessions/" + sessionId + "/events?cursor=" + agentsCursor), 400, null, "cursor");
  }

  @Test
  void anUnknownIdIsNotFound() {
    assertError(api.get("/v1/agents/agt_doesnotexist"), 404, "not_found", null);
    assertError(api.get("/v1/agent_sessions/ses_doesnotexist"), 404, "not_found", null);
    assertError(api.get("/v1/agent_turns/trn_doesnotexist"), 404, "not_found", null);
    assertError(api.get("/v1/agent_sessions/ses_doesnotexist/events"), 404, "not_found", null);
    assertError(api.get("/v1/agent_turns/trn_doesnotexist/events"), 404, "not_found", null);
    assertError(api.get("/v1/agents/" + sessionId), 404, "not_found", null);
    assertError(api.get("/v1/agents/" + "x".repeat(1_000)), 404, "not_found", null);
    assertError(api.get("/v1/agents/%C3%A9t%C3%A9"), 404, "not_found", null);
    assertError(api.post("/v1/agents/agt_doesnotexist:archive", null), 404, "not_found", null);
    assertError(
        api.withHeader("If-Match", "x").patch("/v1/agents/agt_doesnotexist", Map.of("name", "n")),
        404,
        "not_found",
        null);
    assertError(api.patch("/v1/agents/agt_doesnotexist", Map.of("name", "n")), 404, "not_found", null);
    assertError(api.post("/v1/agent_sessions", Map.of("agent_id", "agt_doesnotexist")), 404, "not_found", "agent_id");
    assertError(
        api.post("/v1/agent_turns", Map.of("session_id", "ses_doesnotexist", "input", Map.of("content", "x"))),
        404,
        "not_found",
        "session_id");
    assertError(api.get("/v1/workspaces/ws_doesnotexist"), 404, "not_found", null);
  }

  @Test
  void anUnknownRouteOrMethodAnswersInTheErrorShape() {
    assertError(api.get("/v1/nope"), 404, "not_found", null);
    assertError(api.get("/v1/agents/" + agentId + "/nope"), 404, "not_found", null);
    assertError(api.get("/nope"), 404, "not_found", null);
    ApiClient.Response verb = api.post("/v1/agents/" + agentId + ":explode", null);
    assertTrue(verb.status() == 404 || verb.status() == 405, verb::body);
    assertError(verb, verb.status(), null, null);
    assertError(api.send("DELETE", "/v1/agents/" + agentId, null), 405, "method_not_allowed", null);
    assertError(api.send("PUT", "/v1/agents", Map.of("name", "n")), 405, "method_not_allowed", null);
    assertError(api.send("DELETE", "/v1/agent_turns/" + turnId, null), 405, "method_not_allowed", null);
    api.get("/v1/agents/" + agentId).expect(200);
  }

  @Test
  void anUnknownRunnerIsUnprocessable() {
    assertError(
        api.post("/v1/agents", Map.of("name", "n", "instructions", "i", "runner", Map.of("type", "nope"))),
        422,
        null,
        "runner.type");
    assertError(
        api.post("/v1/agents", Map.of("name", "n", "instructions", "i", "runner", Map.of("type", 5))),
        422,
        null,
        "runner.type");
    String etag = api.get("/v1/agents/" + agentId).expect(200).json().get("etag").asText();
    assertError(
        api.withHeader("If-Match", etag).patch("/v1/agents/" + agentId, Map.of("runner", Map.of("type", "nope"))),
        422,
        null,
        "runner.type");
    assertEquals(
        "scripted", api.get("/v1/agents/" + agentId).expect(200).json().get("runner").get("type").asText());
  }

  @Test
  void textWithANulCharacterIsRefusedNotAServerError() {
    String nul = "a\u0000b";
    ApiClient.Response filtered = api.get("/v1/agent_turns?session=ses_%00");
    assertAll(
        () -> assertError(api.post("/v1/agents", Map.of("name", nul, "instructions", "i")), 400, null, null),
        () -> assertError(api.post("/v1/agents", Map.of("name", "n", "instructions", nul)), 400, null, null),
        () ->
            assertError(
                api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": \"i\", \"ambient\": {\"note\": \"a\\u0000b\"}}"),
                400,
                null,
                null),
        () ->
            assertError(
                api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": \"i\", \"ambient\": {\"a\\u0000\": 1}}"),
                400,
                null,
                null),
        () -> assertError(api.post("/v1/agent_sessions", Map.of("agent_id", agentId, "title", nul)), 400, null, null),
        () -> assertNotFoundOrInvalid(api.post("/v1/agent_sessions", Map.of("agent_id", nul))),
        () ->
            assertError(
                api.post("/v1/agent_turns", Map.of("session_id", sessionId, "input", Map.of("content", nul))),
                400,
                null,
                null),
        () -> assertNotFoundOrInvalid(api.get("/v1/agents/agt_%00")),
        () -> assertNotFoundOrInvalid(api.get("/v1/agent_turns/trn_%00/events")),
        () -> assertNotFoundOrInvalid(api.post("/v1/agents/agt_%00:archive", null)),
        () -> {
          if (filtered.status() == 200) {
            assertEquals(List.of(), ids(filtered.json()));
          } else {
            assertError(filtered, 400, null, null);
          }
        });
  }

  @Test
  void aNulCharacterInABodyFieldIsRefusedNamingTheField() {
    String nul = "a\u0000b";
    assertAll(
        () -> assertError(api.post("/v1/agents", Map.of("name", nul, "instructions", "i")), 400, null, "name"),
        () -> assertError(api.post("/v1/agents", Map.of("name", "n", "instructions", nul)), 400, null, "instructions"),
        () ->
            assertError(
                api.post("/v1/agent_sessions", Map.of("agent_id", agentId, "title", nul)), 400, null, "title"),
        () ->
            assertError(
                api.post("/v1/agent_turns", Map.of("session_id", sessionId, "input", Map.of("content", nul))),
                400,
                null,
                "input.content"),
        () ->
            assertError(
                api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": \"i\", \"ambient\": {\"note\": \"a\\u0000b\"}}"),
                400,
                null,
                "ambient.note"));
  }

  @Test
  void aBudgetThatIsNotAFiniteNumberIsRefused() {
    assertError(
        api.post("/v1/agents", "{\"name\": \"n\", \"instructions\": \"i\", \"model_policy\": {\"max_budget_cents\": 1e400}}"),
        400,
        null,
        "model_policy.max_budget_cents");
  }

  /** An id that cannot exist: either answer is fine, a 500 is not. */
  private static void assertNotFoundOrInvalid(ApiClient.Response r) {
    assertTrue(r.status() == 404 || r.status() == 400, () -> r.status() + " " + r.body());
    assertError(r, r.status(), null, null);
  }

  private static String b64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
