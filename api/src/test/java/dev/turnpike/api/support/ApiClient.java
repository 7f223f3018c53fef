package dev.turnpike.api.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.workflows.json.TurnpikeJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** A small real-HTTP client for tests: JSON in, JSON out, bearer token and extra headers. */
public final class ApiClient {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private final String token;
  private final String workspaceId;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public ApiClient(String baseUrl, String token) {
    this(baseUrl, token, null);
  }

  public ApiClient(String baseUrl, String token, String workspaceId) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.workspaceId = workspaceId;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public String token() {
    return token;
  }

  /** The workspace this client's token belongs to (null for the admin client). */
  public String workspaceId() {
    return workspaceId;
  }

  public ApiClient withHeader(String name, String value) {
    ApiClient copy = new ApiClient(baseUrl, token, workspaceId);
    copy.headers.putAll(headers);
    copy.headers.put(name, value);
    return copy;
  }

  public Response get(String path) {
    return send("GET", path, null);
  }

  public Response post(String path, Object body) {
    return send("POST", path, body);
  }

  public Response patch(String path, Object body) {
    return send("PATCH", path, body);
  }

  /** Sends {@code body} as is when it is a String (raw JSON, possibly malformed), else as JSON. */
  public Response send(String method, String path, Object body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    headers.forEach(b::header);
    HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
    if (body != null) {
      b.header("Content-Type", "application/json");
      publisher = HttpRequest.BodyPublishers.ofString(toJson(body));
    }
    try {
      HttpResponse<String> r = HTTP.send(b.method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers().map());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String toJson(Object body) {
    if (body instanceof String s) {
      return s;
    }
    try {
      return TurnpikeJson.mapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Polls GET {@code path} until {@code done} holds for its JSON body, or fails after a deadline. */
  public JsonNode await(String path, Predicate<JsonNode> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = get(path).expect(200).json();
      if (done.test(last)) {
        return last;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("timed out waiting on " + path + "; last: " + last);
  }

  /** An HTTP response with its body. */
  public record Response(int status, String body, Map<String, java.util.List<String>> headers) {
    public JsonNode json() {
      try {
        return TurnpikeJson.mapper().readTree(body);
      } catch (JsonProcessingException e) {
        throw new AssertionError("response is not JSON: " + body, e);
      }
    }

    public Response expect(int expected) {
      if (status != expected) {
        throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
      }
      return this;
    }

    public String header(String name) {
      var values = headers.get(name.toLowerCase());
      return values == null || values.isEmpty() ? null : values.getFirst();
    }
  }
}
