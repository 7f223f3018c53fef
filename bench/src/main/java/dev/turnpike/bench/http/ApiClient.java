package dev.turnpike.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The few Turnpike JSON calls the benchmarks make, over one keep-alive HTTP/1.1 client. */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  public ApiClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  public URI base() {
    return base;
  }

  public String token() {
    return token;
  }

  public String createAgent(String name) {
    return post("/v1/agents", Map.of("name", name, "instructions", "x"), Map.of()).path("id").asText();
  }

  public String createSession(String agentId) {
    return post("/v1/agent_sessions", Map.of("agent_id", agentId), Map.of()).path("id").asText();
  }

  public String submitTurn(String sessionId, String content) {
    return post(
            "/v1/agent_turns",
            Map.of("session_id", sessionId, "input", Map.of("content", content)),
            Map.of())
        .path("id")
        .asText();
  }

  public JsonNode turn(String turnId) {
    return get("/v1/agent_turns/" + turnId);
  }

  public JsonNode session(String sessionId) {
    return get("/v1/agent_sessions/" + sessionId);
  }

  /** {@code POST /v1/agent_turns/{id}:emit} of a message; answers the stored event. */
  public JsonNode emitMessage(String turnId, String idempotencyKey, String content) {
    return post(
        "/v1/agent_turns/" + turnId + ":emit",
        Map.of("type", "message", "data", Map.of("content", content)),
        Map.of("idempotency-key", idempotencyKey));
  }

  /** A submitted turn and how long its {@code POST} took, in nanoseconds. */
  public record TimedSubmit(String turnId, long nanos) {}

  /**
   * {@code POST /v1/agent_turns} that must answer {@code 201}; answers the turn's id and the
   * nanoseconds from sending the request to reading the whole response.
   */
  public TimedSubmit submitTurnTimed(String sessionId, String content) {
    HttpRequest request =
        request("/v1/agent_turns")
            .header("content-type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    toJson(Map.of("session_id", sessionId, "input", Map.of("content", content)))))
            .build();
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      long took = System.nanoTime() - start;
      if (response.statusCode() != 201) {
        throw new ApiError("POST /v1/agent_turns", response.statusCode(), response.body());
      }
      return new TimedSubmit(JSON.readTree(response.body()).path("id").asText(), took);
    } catch (IOException e) {
      throw new IllegalStateException("POST /v1/agent_turns failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("POST /v1/agent_turns interrupted", e);
    }
  }

  /**
   * Waits until the turn's terminal event ({@code turn.completed}, {@code turn.failed} or {@code
   * turn.cancelled}) exists, by long-polling its events from the start ({@code wait=30}); fails
   * when it has not come within {@code timeout}.
   */
  public void awaitTurnEnd(String turnId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String cursor = null;
    while (System.nanoTime() - deadline < 0) {
      JsonNode page =
          get("/v1/agent_turns/" + turnId + "/events?wait=30&limit=100"
              + (cursor == null ? "" : "&cursor=" + cursor));
      for (JsonNode event : page.path("data")) {
        if (event.path("type").asText().matches("turn\\.(completed|failed|cancelled)")) {
          return;
        }
        cursor = event.path("cursor").asText();
      }
    }
    throw new IllegalStateException("turn " + turnId + " has not ended after " + timeout);
  }

  public JsonNode get(String path) {
    return send("GET " + path, request(path).GET().build());
  }

  public JsonNode post(String path, Object body, Map<String, String> headers) {
    HttpRequest.Builder b =
        request(path)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(toJson(body)));
    headers.forEach(b::header);
    return send("POST " + path, b.build());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json");
  }

  private JsonNode send(String call, HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new ApiError(call, response.statusCode(), response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(call + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(call + " interrupted", e);
    }
  }

  private static String toJson(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
