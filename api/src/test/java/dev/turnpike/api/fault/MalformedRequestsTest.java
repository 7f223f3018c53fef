package dev.turnpike.api.fault;

import static dev.turnpike.api.support.Api.awaitTurnFinished;
import static dev.turnpike.api.support.Api.submitTurn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnpike.api.support.SessionPerTest;
import dev.turnpike.workflows.json.TurnpikeJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A thousand malformed requests (random bodies, wrong types, huge strings, bad cursors and ids,
 * missing and bad tokens): never a 500, never a stack trace, always the error shape, and the
 * server still runs turns afterwards. The seed is fixed so a failure can be replayed.
 */
class MalformedRequestsTest extends SessionPerTest {
  static final long SEED = 20261123L;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  record Attempt(String method, String path, String token, String contentType, String body) {}

  @Test
  void aThousandMalformedRequestsNeverBreakTheServer() throws Exception {
    Random random = new Random(SEED);
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      Attempt a = attempt(random);
      HttpResponse<String> r;
      try {
        r = sendRetryingAStaleConnection(a);
      } catch (java.io.IOException e) {
        problems.add(i + " " + a.method() + " " + a.path().substring(0, Math.min(80, a.path().length()))
            + " -> no answer: " + e.getMessage());
        continue;
      }
      String why = problem(r);
      if (why != null) {
        problems.add(i + " " + a.method() + " " + a.path() + " -> " + r.statusCode() + " " + why
            + " " + r.body().substring(0, Math.min(300, r.body().length())));
      }
    }
    assertTrue(problems.isEmpty(), problems.size() + " bad answers:\n" + String.join("\n", problems));

    assertEquals(200, send(new Attempt("GET", "/health", null, null, null)).statusCode());
    String turn = submitTurn(api, sessionId, "say: still here").get("id").asText();
    assertEquals("COMPLETED", awaitTurnFinished(api, turn).get("state").asText());
  }

  /** Null if the answer is acceptable, else what is wrong with it. */
  static String problem(HttpResponse<String> r) {
    if (r.statusCode() >= 500) {
      return "server error";
    }
    String body = r.body();
    if (body.contains("\tat ") || body.contains("Exception") || body.contains("dev.turnpike.")) {
      return "stack trace or class name in the body";
    }
    if (r.statusCode() >= 400) {
      try {
        var error = TurnpikeJson.mapper().readTree(body).get("error");
        if (error == null || !error.path("code").isTextual() || !error.path("message").isTextual()
            || !error.has("param")) {
          return "not the error shape";
        }
      } catch (Exception e) {
        return "error body is not JSON";
      }
    }
    return null;
  }

  Attempt attempt(Random random) {
    String[] paths = {
      "/v1/agents", "/v1/agents/" + id(random, "agt_"), "/v1/agents/" + id(random, "agt_") + ":archive",
      "/v1/agent_sessions", "/v1/agent_sessions/" + id(random, "ses_"),
      "/v1/agent_sessions/" + sessionId + "/events", "/v1/agent_sessions/" + id(random, "ses_") + ":fork",
      "/v1/agent_sessions/" + sessionId + ":cancel_x", "/v1/agent_turns", "/v1/agent_turns/" + id(random, "trn_"),
      "/v1/agent_turns/" + id(random, "trn_") + ":emit", "/v1/agent_turns/" + id(random, "trn_") + ":cancel",
      "/v1/approval_requests", "/v1/approval_requests/" + id(random, "apr_") + ":approve",
      "/v1/workspaces", "/v1/api_tokens", "/v1/nothing/here"
    };
    String path = paths[random.nextInt(paths.length)] + query(random);
    String method = new String[] {"GET", "POST", "PATCH", "PUT", "DELETE"}[random.nextInt(5)];
    String token = switch (random.nextInt(6)) {
      case 0 -> null;
      case 1 -> "sk_not_a_real_token";
      case 2 -> "";
      default -> api.token();
    };
    String type = random.nextInt(8) == 0 ? "text/plain" : "application/json";
    return new Attempt(method, path, token, type, body(random));
  }

  static String id(Random random, String prefix) {
    return switch (random.nextInt(5)) {
      case 0 -> prefix + "%00";
      case 1 -> prefix + "x".repeat(random.nextInt(300));
      case 2 -> "%F0%9F%92%A9";
      case 3 -> prefix + "'%3B--";
      default -> prefix + Long.toHexString(random.nextLong());
    };
  }

  static String query(Random random) {
    return switch (random.nextInt(7)) {
      case 0 -> "?limit=" + (random.nextInt(400) - 200);
      case 1 -> "?limit=abc&cursor=%25%25";
      case 2 -> "?cursor=" + Long.toHexString(random.nextLong());
      case 3 -> "?wait=" + random.nextInt(100) + "&cursor=ZTk5OTk5OTk5OTk5OTk5OTk5OTk5";
      case 4 -> "?session=" + "s".repeat(random.nextInt(5000));
      default -> "";
    };
  }

  static String body(Random random) {
    return switch (random.nextInt(12)) {
      case 0 -> null;
      case 1 -> "";
      case 2 -> randomBytes(random, random.nextInt(2000));
      case 3 -> "{\"name\": " + random.nextInt() + ", \"instructions\": [1,2]}";
      case 4 -> "{\"session_id\": {\"a\": 1}, \"input\": \"text\"}";
      case 5 -> "{\"name\": \"" + "n".repeat(300_000) + "\", \"instructions\": \"i\"}";
      case 6 -> "[".repeat(5_000) + "]".repeat(5_000);
      case 7 -> "{\"type\": \"message\", \"data\": {\"content\": " + random.nextDouble() + "}}";
      case 8 -> "{\"model_policy\": {\"max_budget_cents\": 1e999}, \"name\": \"x\", \"instructions\": \"y\"}";
      case 9 -> "{\"input\": {\"content\": \"\\u0000\"}, \"session_id\": \"ses_x\"}";
      case 10 -> "{\"reason\": " + "9".repeat(400) + "}";
      default -> "{\"agent_id\": null, \"multitask_strategy\": \"sideways\", \"up_to_turn_id\": 7}";
    };
  }

  static String randomBytes(Random random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /**
   * The server closes a connection after refusing a request whose body it did not read; a
   * client that reused that connection meanwhile sends once more, as HTTP clients do.
   */
  HttpResponse<String> sendRetryingAStaleConnection(Attempt a) throws Exception {
    try {
      return send(a);
    } catch (java.io.IOException stale) {
      return send(a);
    }
  }

  HttpResponse<String> send(Attempt a) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(turnpike.url() + a.path()))
            .timeout(Duration.ofSeconds(60));
    if (a.token() != null) {
      b.header("Authorization", "Bearer " + a.token());
    }
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
    if (a.body() != null) {
      b.header("Content-Type", a.contentType());
      body = HttpRequest.BodyPublishers.ofString(a.body(), StandardCharsets.ISO_8859_1);
    }
    HttpResponse<String> r = HTTP.send(b.method(a.method(), body).build(),
        HttpResponse.BodyHandlers.ofString());
    assertFalse(r.body() == null);
    return r;
  }
}
