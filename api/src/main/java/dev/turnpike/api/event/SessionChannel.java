package dev.turnpike.api.event;

import dev.turnpike.activities.event.Event;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.activities.store.PageRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
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
  private final ArrayDeque<Live> recent = new ArrayDeque<>();
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private long fetched;
  private volatile long wanted;

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
  }

  SessionChannel(
      String workspaceId, String sessionId, long lastSequence, EventStore events, Executor executor) {
    this.workspaceId = workspaceId;
    this.sessionId = sessionId;
    this.fetched = lastSequence;
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

  /** Events with a sequence above {@code after}, or null when memory does not cover them. */
  synchronized List<Live> after(long after) {
    if (after >= fetched) {
      return List.of();
    }
    if (recent.isEmpty() || recent.peekFirst().event().sequence() > after + 1) {
      return null;
    }
    List<Live> out = new ArrayList<>();
    for (Live live : recent) {
      if (live.event().sequence() > after) {
        out.add(live);
      }
    }
    return out;
  }

  synchronized long fetched() {
    return fetched;
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

  private synchronized void keep(List<Event> page) {
    for (Event e : page) {
      if (e.sequence() == fetched + 1) {
        recent.addLast(Live.of(e));
        fetched = e.sequence();
      }
    }
    while (recent.size() > KEPT) {
      recent.removeFirst();
    }
  }

  void wakeAll() {
    for (Waiter w : waiters) {
      w.wake();
    }
  }
}
