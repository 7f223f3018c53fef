package dev.turnpike.bench.sse;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** N subscribers of one session's event stream, started together and closed together. */
public final class SubscriberGroup implements AutoCloseable {
  private final List<SseSubscriber> subscribers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final CountDownLatch heads;
  private volatile MarkerWatch watch;

  private SubscriberGroup(int size) {
    this.heads = new CountDownLatch(size);
  }

  /**
   * Opens {@code size} streams of {@code GET /v1/agent_sessions/{id}/events?cursor=} and waits
   * until every one has its response head (or has failed). The server sends the head with a
   * first {@code : connected} comment, so this does not wait for an event.
   */
  public static SubscriberGroup open(
      URI base, String token, String sessionId, String cursor, int size, long timeoutMillis)
      throws InterruptedException {
    SubscriberGroup group = new SubscriberGroup(size);
    String path = "/v1/agent_sessions/" + sessionId + "/events?cursor=" + cursor;
    for (int i = 0; i < size; i++) {
      SseSubscriber s = new SseSubscriber(base, path, token, group.heads, group);
      group.subscribers.add(s);
      group.threads.add(Thread.ofVirtual().name("sse-" + i).start(s));
    }
    if (!group.heads.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
      group.close();
      throw new IllegalStateException(
          group.heads.getCount() + " of " + size + " streams got no response head in "
              + timeoutMillis + " ms");
    }
    return group;
  }

  /** From now on, counts who sees the event whose data contains {@code "marker"}. */
  public void watchFor(String marker) {
    watch = new MarkerWatch(marker, subscribers.size());
  }

  /** Waits until every subscriber has seen the watched marker; the number still missing. */
  public long awaitMarker(long timeoutMillis) throws InterruptedException {
    MarkerWatch w = watch;
    w.await(timeoutMillis);
    return w.missing();
  }

  void seen(SseSubscriber subscriber, String data) {
    MarkerWatch w = watch;
    if (w != null) {
      w.offer(subscriber, data);
    }
  }

  public int size() {
    return subscribers.size();
  }

  /** Every subscriber's deliveries, in subscriber order; call after {@link #close()}. */
  public List<List<Delivery>> deliveries() {
    return subscribers.stream().map(SseSubscriber::deliveries).toList();
  }

  /** Streams that ended before close, with why. */
  public List<String> failures() {
    return subscribers.stream().map(SseSubscriber::failure).filter(f -> f != null).toList();
  }

  /** Streams whose request failed: an error answer instead of a stream. */
  public List<String> openFailures() {
    return subscribers.stream()
        .filter(s -> !s.opened() && s.failure() != null)
        .map(SseSubscriber::failure)
        .toList();
  }

  /** Ping comments received, summed over subscribers. */
  public long comments() {
    return subscribers.stream().mapToLong(SseSubscriber::comments).sum();
  }

  @Override
  public void close() throws InterruptedException {
    subscribers.forEach(SseSubscriber::close);
    for (Thread t : threads) {
      t.join(10_000);
    }
  }
}
