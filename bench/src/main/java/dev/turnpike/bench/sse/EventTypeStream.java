package dev.turnpike.bench.sse;

import dev.turnpike.bench.http.SseConnection;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One SSE stream whose {@code event:} lines are handed over, timestamped on arrival, by a virtual
 * thread: enough to wait for an event type and know when it came.
 */
public final class EventTypeStream implements Closeable {
  /** One event's type and the {@code System.nanoTime()} its {@code event:} line was read. */
  public record Arrival(String type, long nanos) {}

  private final SseConnection connection;
  private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
  private volatile boolean closing;

  private EventTypeStream(SseConnection connection) {
    this.connection = connection;
    Thread.ofVirtual().start(this::read);
  }

  /** Opens {@code path} (e.g. a session's or turn's events, with {@code ?cursor=}). */
  public static EventTypeStream open(URI base, String path, String token) throws IOException {
    return new EventTypeStream(SseConnection.open(base, path, token));
  }

  private void read() {
    try {
      BufferedReader lines = connection.lines();
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("event:")) {
          arrivals.add(new Arrival(line.substring(6).trim(), System.nanoTime()));
        }
      }
    } catch (IOException e) {
      if (!closing) {
        arrivals.add(new Arrival("error: " + e, System.nanoTime()));
      }
    }
  }

  /** The next event of any type, or null on timeout. */
  public Arrival next(long timeoutMillis) throws InterruptedException {
    Arrival a = arrivals.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    if (a != null && a.type().startsWith("error: ")) {
      throw new IllegalStateException("stream failed: " + a.type());
    }
    return a;
  }

  /** The next event of {@code type} (earlier ones of other types are skipped), or null on timeout. */
  public Arrival next(String type, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      Arrival a = arrivals.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (a == null || a.type().equals(type)) {
        return a;
      }
      if (a.type().startsWith("error: ")) {
        throw new IllegalStateException("stream failed: " + a.type());
      }
    }
  }

  @Override
  public void close() throws IOException {
    closing = true;
    connection.close();
  }
}
