package dev.turnpike.bench.sse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.bench.http.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Emits marked messages into one running turn, one at a time, and remembers when each was sent:
 * {@link System#nanoTime()} right before the POST, on the same clock the subscribers read.
 */
public final class Emitter {
  private final ApiClient api;
  private final String turnId;
  private final String runId;

  public Emitter(ApiClient api, String turnId, String runId) {
    this.api = api;
    this.turnId = turnId;
    this.runId = runId;
  }

  /** The {@code data.content} of the event emitted under {@code label}. */
  public String content(String label) {
    return "bench " + runId + " " + label;
  }

  /** Emits one event (warm-up or marker) outside a measurement. */
  public void emit(String label) {
    send(label);
  }

  /** One emit: when it was sent and how long the POST took to answer. */
  private record Sent(long sentNanos, long responseNanos) {}

  private Sent send(String label) {
    String content = content(label);
    long sent = System.nanoTime();
    JsonNode event = api.emitMessage(turnId, runId + "-" + label, content);
    long answered = System.nanoTime();
    if (!content.equals(event.path("data").path("content").asText())) {
      throw new IllegalStateException(":emit answered an event without our content: " + event);
    }
    return new Sent(sent, answered - sent);
  }

  /** Emits events labelled 0..count-1, starting one every {@code intervalMillis} at most. */
  public Emits emitPaced(int count, long intervalMillis) {
    long[] sent = new long[count];
    long[] response = new long[count];
    List<String> contents = new ArrayList<>(count);
    long start = System.nanoTime();
    for (int k = 0; k < count; k++) {
      long due = start + k * intervalMillis * 1_000_000L;
      for (long wait; (wait = due - System.nanoTime()) > 0; ) {
        LockSupport.parkNanos(wait);
      }
      Sent one = send(String.valueOf(k));
      sent[k] = one.sentNanos();
      response[k] = one.responseNanos();
      contents.add(content(String.valueOf(k)));
    }
    return new Emits(contents, sent, response);
  }

  /** What {@link #emitPaced} sent: contents, send times and response times, by emit index. */
  public record Emits(List<String> contents, long[] sentNanos, long[] responseNanos) {}
}
