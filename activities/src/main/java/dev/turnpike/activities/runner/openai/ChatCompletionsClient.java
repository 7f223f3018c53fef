package dev.turnpike.activities.runner.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.workflows.json.TurnpikeJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Calls {@code POST <base_url>/chat/completions} of an OpenAI-compatible server, streamed or not,
 * while the caller's thread keeps ticking (heartbeats, progress) about every 250 ms. The API key
 * goes only into the Authorization header; every message this class builds has it redacted.
 */
final class ChatCompletionsClient {
  private static final long TICK_MILLIS = 250;
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(10);
  private static final int ERROR_BODY_CAP = 64 * 1024;
  private static final int COMPLETION_CAP = 16 * 1024 * 1024;
  private static final int MESSAGE_CAP = 500;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Runs on the caller's thread while a call is under way; throwing from it stops the call. */
  interface Ticker {
    void tick(long charsReceived);
  }

  /**
   * Sends {@code body} (with {@code stream} set as the caller wants) and returns the assembled
   * reply. Throws {@link ProviderRefused} for a 4xx other than 429, {@link ProviderUnavailable}
   * for what a retry may fix.
   */
  ChatReply complete(String baseUrl, String apiKey, ObjectNode body, Ticker ticker)
      throws ProviderRefused, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint(baseUrl))
            .timeout(CALL_TIMEOUT)
            .header("content-type", "application/json")
            .header("authorization", "Bearer " + apiKey)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    HttpResponse<InputStream> response =
        awaitHead(http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()), ticker);
    int status = response.statusCode();
    if (status < 200 || status >= 300) {
      String message = errorMessage(readAll(response.body(), ERROR_BODY_CAP, ticker), apiKey);
      String said = "provider answered " + status + (message.isEmpty() ? "" : ": " + message);
      if (status == 429 || status >= 500) {
        throw new ProviderUnavailable(said + "; will retry");
      }
      throw new ProviderRefused(said);
    }
    try {
      if (body.path("stream").asBoolean(false)) {
        StreamedReply stream = new StreamedReply();
        readTicking(response.body(), stream::read, stream::chars, ticker);
        return stream.reply();
      }
      String completion = readAll(response.body(), COMPLETION_CAP, ticker);
      return ChatReply.fromCompletion(TurnpikeJson.mapper().readTree(completion));
    } catch (IOException | IllegalArgumentException e) {
      throw new ProviderUnavailable(
          "the provider's response was cut off or malformed: " + redact(e.getMessage(), apiKey));
    }
  }

  static URI endpoint(String baseUrl) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return URI.create(base + "/chat/completions");
  }

  static String redact(String text, String secret) {
    if (text == null) {
      return "";
    }
    return secret == null || secret.isEmpty() ? text : text.replace(secret, "[redacted]");
  }

  /** Waits for the response head, ticking, and abandons the call if a tick throws. */
  private static HttpResponse<InputStream> awaitHead(
      CompletableFuture<HttpResponse<InputStream>> call, Ticker ticker)
      throws InterruptedException {
    try {
      while (true) {
        ticker.tick(0);
        try {
          return call.get(TICK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // still waiting: tick again
        } catch (ExecutionException e) {
          throw new ProviderUnavailable(
              "provider unreachable (" + e.getCause().getClass().getSimpleName() + "); will retry");
        }
      }
    } catch (RuntimeException | InterruptedException e) {
      call.cancel(true);
      throw e;
    }
  }

  private interface BodyReader {
    void read(InputStream body) throws IOException;
  }

  /** Reads the body on a virtual thread while this one ticks; closing it stops the reader. */
  private static void readTicking(
      InputStream body, BodyReader reader, LongSupplier chars, Ticker ticker)
      throws IOException, InterruptedException {
    AtomicReference<IOException> broken = new AtomicReference<>();
    Thread thread =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    reader.read(body);
                  } catch (IOException e) {
                    broken.set(e);
                  }
                });
    try {
      while (thread.isAlive()) {
        ticker.tick(chars.getAsLong());
        thread.join(TICK_MILLIS);
      }
    } finally {
      body.close();
    }
    if (broken.get() != null) {
      throw broken.get();
    }
  }

  private static String readAll(InputStream body, int cap, Ticker ticker)
      throws InterruptedException {
    StringBuilder text = new StringBuilder();
    try {
      readTicking(
          body,
          in -> text.append(new String(in.readNBytes(cap), StandardCharsets.UTF_8)),
          () -> 0,
          ticker);
    } catch (IOException e) {
      throw new ProviderUnavailable("the provider's response broke off; will retry");
    }
    return text.toString();
  }

  /** The {@code error.message} of an OpenAI error body, else its text, short and redacted. */
  private static String errorMessage(String body, String apiKey) {
    String message = body.strip();
    try {
      JsonNode error = TurnpikeJson.mapper().readTree(body).path("error");
      if (error.path("message").isTextual()) {
        message = error.get("message").asText();
      } else if (error.isTextual()) {
        message = error.asText();
      }
    } catch (IOException e) {
      // not JSON: keep the text
    }
    message = redact(message, apiKey);
    return message.length() > MESSAGE_CAP ? message.substring(0, MESSAGE_CAP) + "…" : message;
  }
}
