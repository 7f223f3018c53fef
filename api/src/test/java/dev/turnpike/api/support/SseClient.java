package dev.turnpike.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.workflows.json.TurnpikeJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real Server-Sent-Events client over HTTP, parsing frames as a browser's EventSource does:
 * {@code id:}, {@code event:}, {@code data:} lines up to a blank line; comments start with ':'.
 */
public final class SseClient implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One frame: an event (id, name, JSON data) or a comment (only {@code comment} set). */
  public record Frame(String id, String event, String data, String comment) {
    public JsonNode json() {
      try {
        return TurnpikeJson.mapper().readTree(data);
      } catch (IOException e) {
        throw new AssertionError("SSE data is not JSON: " + data, e);
      }
    }

    public boolean isComment() {
      return comment != null;
    }
  }

  private static final Frame END = new Frame(null, null, null, null);

  private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final int status;
  private final String contentType;
  private final InputStream body;
  private volatile boolean ended;

  private SseClient(HttpResponse<InputStream> response) {
    this.status = response.statusCode();
    this.contentType = response.headers().firstValue("content-type").orElse("");
    this.body = response.body();
    Thread.ofVirtual().start(this::read);
  }

  /** Opens {@code path} with {@code Accept: text/event-stream}, resuming after lastEventId. */
  public static SseClient open(String baseUrl, String token, String path, String lastEventId) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Accept", "text/event-stream")
            .header("Authorization", "Bearer " + token);
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    try {
      return new SseClient(HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new IllegalStateException("could not open " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int status() {
    return status;
  }

  public String contentType() {
    return contentType;
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String id = null;
      String event = null;
      List<String> data = new ArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isEmpty()) {
          if (!data.isEmpty() || event != null) {
            frames.add(new Frame(id, event, String.join("\n", data), null));
          }
          id = null;
          event = null;
          data.clear();
        } else if (line.startsWith(":")) {
          frames.add(new Frame(null, null, null, line.substring(1).strip()));
        } else if (line.startsWith("id:")) {
          id = line.substring(3).strip();
        } else if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data.add(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
        }
      }
    } catch (IOException e) {
      // The connection dropped: the stream has ended for this client.
    } finally {
      ended = true;
      frames.add(END);
    }
  }

  /** The next event frame (skipping comments), or null if the stream ended or time ran out. */
  public Frame nextEvent(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Frame f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (f == null || f == END) {
        if (f == END) {
          frames.add(END);
        }
        return null;
      }
      if (!f.isComment()) {
        return f;
      }
    }
  }

  /** The next frame of any kind, comments included; null if ended or timed out. */
  public Frame nextFrame(Duration timeout) throws InterruptedException {
    Frame f = frames.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (f == END) {
      frames.add(END);
      return null;
    }
    return f;
  }

  /** Event frames until one of type {@code lastType} (included) or the stream ends. */
  public List<Frame> eventsUntil(String lastType, Duration timeout) throws InterruptedException {
    List<Frame> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    Frame f;
    while ((f = nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) != null) {
      out.add(f);
      if (f.event().equals(lastType)) {
        break;
      }
    }
    return out;
  }

  /** True once the server closed the stream (after everything it sent was read). */
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ended && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return ended;
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
