package dev.turnpike.api.event;

import dev.turnpike.activities.event.Event;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.activities.store.PageRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One session's live events on this node. A NOTIFY makes the channel read the new events from
 * PostgreSQL once and keep the latest in memory, so a thousand subscribers cost one query, not a
 * thousand. The kept events are gap-free, so a subscriber can tell whether memory covers what it
 * needs or it must read the database itself.
 */
final class SessionChannel {
  static final int KEPT = 1024;
  private static final int FETCH = 500;

  final String workspaceId;
  final String sessionId;
  private final EventStore events;
  private final Executor executor;
  private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean refreshing = new AtomicBoolean();
  /** What memory holds, replaced whole by the one refresher: subscribers read it lock-free. */
  private volatile Kept kept;
  private volatile long wanted;

  /** The latest events (gap-free, oldest first) and the sequence they reach. */
  private record Kept(List<Live> recent, long fetched) {}

  /**
   * A kept event with its SSE frame, encoded once for all of this node's subscribers: a
   * thousand streams of one session cost one JSON encoding per event, not a thousand.
   */
  record Live(Event event, SseFrame frame) {
    static Live of(Event e) {
      return new Live(e, EventStream.frame(e));
    }
  }

  /** Something parked until the channel has news: a stream or a long poll. */
  interface Waiter {
    void wake();

    /**
     * Where {@link #wake} should run, or null for the refresher's own thread. A stream names its
     * connection's event loop: its pushes then write from that loop, without a task and a
     * wake-up of the loop per write.
     */
    default Executor home() {
      return null;
    }
  }

  SessionChannel(
      String workspaceId, String sessionId, long lastSequence, EventStore events, Executor executor) {
    this.workspaceId = workspaceId;
    this.sessionId = sessionId;
    this.kept = new Kept(List.of(), lastSequence);
    this.wanted = lastSequence;
    this.events = events;
    this.executor = executor;
  }

  void add(Waiter w) {
    waiters.add(w);
  }

  void remove(Waiter w) {
    waiters.remove(w);
  }

  boolean idle() {
    return waiters.isEmpty();
  }

  /**
   * Events with a sequence above {@code after}, or null when memory does not cover them. Called
   * by every subscriber at every event, so it takes no lock: a thousand streams do not queue
   * on one monitor.
   */
  List<Live> after(long after) {
    Kept k = kept;
    if (after >= k.fetched()) {
      return List.of();
    }
    List<Live> recent = k.recent();
    if (recent.isEmpty()) {
      return null;
    }
    long first = recent.getFirst().event().sequence();
    if (first > after + 1) {
      return null;
    }
    // Gap-free: the event after `after` is at a known index.
    return recent.subList((int) (after + 1 - first), recent.size());
  }

  long fetched() {
    return kept.fetched();
  }

  /** The session has events up to {@code sequence}: read them once, then wake every waiter. */
  void signal(long sequence) {
    if (sequence > wanted) {
      wanted = sequence;
    }
    if (refreshing.compareAndSet(false, true)) {
      executor.execute(this::refresh);
    }
  }

  private void refresh() {
    try {
      while (true) {
        long from = fetched();
        List<Event> page =
            events
                .listBySession(workspaceId, sessionId, new PageRequest(FETCH, from))
                .data();
        if (page.isEmpty()) {
          break;
        }
        keep(page);
        wakeAll();
        if (page.size() < FETCH && fetched() >= wanted) {
          break;
        }
      }
    } finally {
      refreshing.set(false);
    }
    if (fetched() < wanted) {
      signal(wanted);
    }
  }

  /**
   * An event this node has just committed: kept and pushed at once when it is the next one,
   * rather than after its NOTIFY and a read back from the database. When it is not the next
   * one, or a refresh is under way, the NOTIFY (which comes anyway) brings it.
   */
  void offer(Event e) {
    if (!refreshing.compareAndSet(false, true)) {
      return;
    }
    try {
      if (e.sequence() == fetched() + 1) {
        keep(List.of(e));
        wakeAll();
      }
    } finally {
      refreshing.set(false);
    }
    if (fetched() < wanted) {
      signal(wanted);
    }
  }

  /** Only the refresher (or {@link #offer}, under the same flag) calls this, one at a time. */
  private void keep(List<Event> page) {
    Kept k = kept;
    List<Live> next = new ArrayList<>(k.recent());
    long fetched = k.fetched();
    for (Event e : page) {
      if (e.sequence() == fetched + 1) {
        next.add(Live.of(e));
        fetched = e.sequence();
      }
    }
    int drop = Math.max(0, next.size() - KEPT);
    kept = new Kept(List.copyOf(next.subList(drop, next.size())), fetched);
  }

  /** Wakes every waiter, those with a home in one task per home. */
  void wakeAll() {
    Map<Executor, List<Waiter>> byHome = new HashMap<>();
    for (Waiter w : waiters) {
      Executor home = w.home();
      if (home == null) {
        w.wake();
      } else {
        byHome.computeIfAbsent(home, h -> new ArrayList<>()).add(w);
      }
    }
    byHome.forEach(
        (home, group) -> {
          try {
            home.execute(() -> group.forEach(Waiter::wake));
          } catch (RejectedExecutionException e) {
            group.forEach(Waiter::wake); // the loop is shutting down: wake them from here
          }
        });
  }
}
