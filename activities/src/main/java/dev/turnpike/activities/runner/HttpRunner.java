package dev.turnpike.activities.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.workflows.turn.Failure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A remote runner service: each step is a POST of the step's input to {@code runner.url}, and
 * the response is an NDJSON stream of the same lines a process runner prints (docs/runners.md).
 * A 5xx or a broken connection is retried by Temporal; any other non-2xx fails the turn.
 */
@Singleton
public class HttpRunner extends JsonLineRunner {
  public static final String TYPE = "http";
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void validate(JsonNode runner) {
    String url = runner.path("url").asText("");
    if (!(url.startsWith("http://") || url.startsWith("https://"))) {
      throw new IllegalArgumentException("runner.url must be an http:// or https:// URL");
    }
    try {
      URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("runner.url is not a valid URL");
    }
    JsonNode headers = runner.get("headers");
    if (headers != null && !headers.isObject()) {
      throw new IllegalArgumentException("runner.headers must be an object of strings");
    }
  }

  @Override
  Ending produce(RunnerContext context, JsonNode input, LineSink lines)
      throws InterruptedException {
    JsonNode runner = context.agent().runner();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(runner.path("url").asText()))
            .header("content-type", "application/json")
            .header("accept", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofString(input.toString()));
    runner
        .path("headers")
        .fields()
        .forEachRemaining(h -> request.header(h.getKey(), h.getValue().asText()));
    CompletableFuture<HttpResponse<InputStream>> call =
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    HttpResponse<InputStream> response = await(context, call);
    int status = response.statusCode();
    if (status >= 500) {
      close(response);
      throw new IllegalStateException("runner service answered " + status + "; will retry");
    }
    if (status < 200 || status >= 300) {
      close(response);
      return new Ending(new Failure("runner_http_error", "runner service answered " + status));
    }
    AtomicReference<IOException> broken = new AtomicReference<>();
    Thread reader = Thread.ofVirtual().start(() -> read(response.body(), lines, broken));
    try {
      while (reader.isAlive()) {
        context.checkpoint(context.position());
        reader.join(HEARTBEAT_MILLIS);
      }
    } finally {
      lines.close();
      close(response);
    }
    if (broken.get() != null) {
      throw new UncheckedIOException("runner service stream broke; will retry", broken.get());
    }
    return Ending.OK;
  }

  /** Waits for the response head, heartbeating (so a cancel stops the wait). */
  private static HttpResponse<InputStream> await(
      RunnerContext context, CompletableFuture<HttpResponse<InputStream>> call)
      throws InterruptedException {
    try {
      while (true) {
        context.checkpoint(context.position());
        try {
          return call.get(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // keep heartbeating
        } catch (ExecutionException e) {
          throw new IllegalStateException("runner service unreachable; will retry", e.getCause());
        }
      }
    } catch (RuntimeException | InterruptedException e) {
      call.cancel(true);
      throw e;
    }
  }

  private static void read(InputStream body, LineSink lines, AtomicReference<IOException> broken) {
    try {
      lines.drain(body);
    } catch (IOException e) {
      broken.set(e);
    }
  }

  private static void close(HttpResponse<InputStream> response) {
    try {
      response.body().close();
    } catch (IOException e) {
      // already closed
    }
  }
}
