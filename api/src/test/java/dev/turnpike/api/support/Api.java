package dev.turnpike.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Short-hands for the end-to-end tests: create resources, wait for turns, walk lists, check errors. */
public final class Api {
  public static final Duration TURN_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

  private Api() {}

  public static JsonNode createAgent(ApiClient api, String name) {
    return createAgent(api, Map.of("name", name, "instructions", "Follow the script."));
  }

  public static JsonNode createAgent(ApiClient api, Map<String, Object> body) {
    return api.post("/v1/agents", body).expect(201).json();
  }

  public static JsonNode createSession(ApiClient api, String agentId) {
    return api.post("/v1/agent_sessions", Map.of("agent_id", agentId)).expect(201).json();
  }

  public static JsonNode submitTurn(ApiClient api, String sessionId, String script) {
    return api.post(
            "/v1/agent_turns", Map.of("session_id", sessionId, "input", Map.of("content", script)))
        .expect(201)
        .json();
  }

  /** Waits until the turn is COMPLETED, FAILED or CANCELLED and returns it. */
  public static JsonNode awaitTurnFinished(ApiClient api, String turnId) {
    return api.await(
        "/v1/agent_turns/" + turnId, t -> TERMINAL.contains(t.path("state").asText()), TURN_TIMEOUT);
  }

  /** Every item of a list, following next_cursor with the given page size. */
  public static List<JsonNode> walk(ApiClient api, String path, int limit) {
    List<JsonNode> all = new ArrayList<>();
    Set<String> cursors = new HashSet<>();
    String cursor = null;
    for (int page = 0; page < 1_000; page++) {
      String sep = path.contains("?") ? "&" : "?";
      String url = path + sep + "limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor);
      JsonNode body = api.get(url).expect(200).json();
      JsonNode data = body.get("data");
      assertTrue(data.isArray(), "data is an array: " + body);
      assertTrue(data.size() <= limit, "a page holds at most limit items: " + body);
      data.forEach(all::add);
      if (!body.get("has_more").asBoolean()) {
        assertTrue(body.get("next_cursor").isNull(), "no next_cursor on the last page: " + body);
        return all;
      }
      assertEquals(limit, data.size(), "a page that has more is full: " + body);
      cursor = body.get("next_cursor").asText();
      assertFalse(cursor.isEmpty(), "next_cursor when has_more: " + body);
      assertTrue(cursors.add(cursor), "next_cursor never repeats: " + cursor);
    }
    return fail("list " + path + " never ended");
  }

  public static List<String> ids(JsonNode listBody) {
    List<String> ids = new ArrayList<>();
    listBody.get("data").forEach(n -> ids.add(n.get("id").asText()));
    return ids;
  }

  public static List<String> ids(List<JsonNode> items) {
    return items.stream().map(n -> n.get("id").asText()).toList();
  }

  public static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new HashSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  /**
   * Checks an error response: the status, and a body that is exactly {@code {"error":{"code",
   * "message","param"}}} with the given code and param ({@code code} null: any code).
   */
  public static JsonNode assertError(
      ApiClient.Response r, int status, String code, String param) {
    assertEquals(status, r.status(), () -> "status of an error response; body: " + r.body());
    JsonNode body = r.json();
    assertEquals(Set.of("error"), fieldNames(body), () -> "error body keys: " + r.body());
    JsonNode error = body.get("error");
    assertEquals(
        Set.of("code", "message", "param"), fieldNames(error), () -> "error keys: " + r.body());
    assertTrue(error.get("code").isTextual(), () -> "error.code is a string: " + r.body());
    assertTrue(
        error.get("message").isTextual() && !error.get("message").asText().isBlank(),
        () -> "error.message is a non-empty string: " + r.body());
    assertTrue(
        error.get("param").isNull() || error.get("param").isTextual(),
        () -> "error.param is a string or null: " + r.body());
    if (code != null) {
      assertEquals(code, error.get("code").asText(), () -> "error.code; body: " + r.body());
    }
    if (param != null) {
      assertEquals(param, error.get("param").asText(null), () -> "error.param; body: " + r.body());
    }
    return error;
  }
}
