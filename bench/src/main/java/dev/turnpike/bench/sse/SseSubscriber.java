package dev.turnpike.bench.sse;

import dev.turnpike.bench.http.SseConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One SSE stream read by its own virtual thread. While measuring it only timestamps each data
 * line and keeps it; parsing waits until the measurement is over so the client stays cheap.
 */
final class SseSubscriber implements Runnable {
  private final URI base;
  private final String path;
  private final String token;
  private final CountDownLatch heads;
  private final SubscriberGroup group;
  private final List<Delivery> deliveries = new ArrayList<>();
  private volatile SseConnection connection;
  private volatile boolean closing;
  private volatile String failure;
  private volatile boolean opened;
  private int comments;

  SseSubscriber(URI base, String path, String token, CountDownLatch heads, SubscriberGroup group) {
    this.base = base;
    this.path = path;
    this.token = token;
    this.heads = heads;
    this.group = group;
  }

  @Override
  public void run() {
    boolean headed = false;
    try (SseConnection c = SseConnection.open(base, path, token)) {
      connection = c;
      heads.countDown();
      headed = true;
      opened = true;
      if (!closing) {
        read(c.lines());
      }
      if (!closing) {
        failure = "stream ended by the server";
      }
    } catch (IOException | RuntimeException e) {
      if (!closing) {
        failure = e.toString();
      }
    } finally {
      if (!headed) {
        heads.countDown();
      }
    }
  }

  private void read(BufferedReader lines) throws IOException {
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.startsWith("data:")) {
        long now = System.nanoTime();
        String data = line.substring(line.charAt(5) == ' ' ? 6 : 5);
        deliveries.add(new Delivery(now, data));
        group.seen(this, data);
      } else if (line.startsWith(":")) {
        comments++;
      }
    }
  }

  void close() {
    closing = true;
    SseConnection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  /** Read only after the reading thread has ended. */
  List<Delivery> deliveries() {
    return deliveries;
  }

  int comments() {
    return comments;
  }

  /** False when the request failed (an error answer, a refused connection). */
  boolean opened() {
    return opened;
  }

  /** Why the stream ended before the benchmark closed it, or null. */
  String failure() {
    return failure;
  }
}
