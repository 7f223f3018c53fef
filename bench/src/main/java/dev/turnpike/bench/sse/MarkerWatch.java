package dev.turnpike.bench.sse;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Counts the subscribers that have seen one marked event, each once. */
final class MarkerWatch {
  private final String quoted;
  private final Set<SseStream> seen = ConcurrentHashMap.newKeySet();
  private final CountDownLatch all;

  MarkerWatch(String marker, int subscribers) {
    this.quoted = '"' + marker + '"';
    this.all = new CountDownLatch(subscribers);
  }

  void offer(SseStream subscriber, String data) {
    if (data.contains(quoted) && seen.add(subscriber)) {
      all.countDown();
    }
  }

  boolean await(long timeoutMillis) throws InterruptedException {
    return all.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  long missing() {
    return all.getCount();
  }
}
