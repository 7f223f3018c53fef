package dev.turnpike.api.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.turnpike.activities.event.Event;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.activities.event.EventTypes;
import dev.turnpike.activities.store.PageRequest;
import dev.turnpike.workflows.json.TurnpikeJson;
import io.micronaut.core.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One SSE subscriber. Sequence numbers are gap-free, so "the next event is last + 1" is all it
 * needs to join replay and live without a gap or a duplicate.
 *
 * <p>Two paths feed it, never at once (the stream's lock): its own virtual thread replays from
 * the cursor, reads the database when the session channel's memory does not cover it, pings,
 * and waits out a client whose buffer is full; once it is caught up, the session channel pushes
 * each new event straight into the stream's buffer, on the event loop of the stream's
 * connection. A thousand subscribers of one session then cost one task per event loop per
 * event, not a thousand thread wake-ups and cross-thread writes. The push
 * never waits: when the stream's lock is busy or its buffer full, it hands over to the stream's
 * thread. A client that does not read fills its bounded buffer and is disconnected, to resume
 * by cursor; it never slows a writer or the other subscribers.
 */
final class EventStream implements SessionChannel.Waiter {
  static final int BUFFER = 256;
  /** At most this many events share one write (one buffered frame). */
  static final int COALESCE = 32;
  private static final int PAGE = 200;
  private static final Set<String> TERMINAL =
      Set.of(EventTypes.TURN_COMPLETED, EventTypes.TURN_FAILED, EventTypes.TURN_CANCELLED);

  private final EventHub hub;
  private final EventStore events;
  private final StreamScope scope;
  private final StreamSettings settings;
  private final Executor home;
  private final Semaphore wakeups = new Semaphore(0);
  private final ReentrantLock lock = new ReentrantLock();
  /** The frames the client has not taken yet: the sink's bounded buffer. */
  private final ArrayBlockingQueue<SseFrame> buffer;
  private final Sinks.Many<SseFrame> sink;
  private volatile boolean cancelled;
  /** Set once the stream's thread has sent its first frame: from then on pushes are welcome. */
  private volatile boolean live;
  private SessionChannel channel;
  /** The sequence of the last event handled (sent or skipped); guarded by {@link #lock}. */
  private long last;

  /** What a stream follows: a session, or one turn of it (turnId set). */
  record StreamScope(
      dev.turnpike.activities.session.Session session, String turnId, long after, long endAt) {}

  /** What a pass over the events the stream has not handled yet came to. */
  private enum Pass {
    /** Nothing more is known: wait for news. */
    CAUGHT_UP,
    /** Memory does not cover what comes next: read the database. */
    BEHIND,
    /** The client's buffer is full. */
    FULL,
    /** The stream is over (turn ended, client gone). */
    ENDED
  }

  /** {@code home}: the connection's event loop, where pushes run (null: the refresher's thread). */
  EventStream(
      EventHub hub,
      EventStore events,
      StreamScope scope,
      StreamSettings settings,
      @Nullable Executor home) {
    this.hub = hub;
    this.home = home;
    this.events = events;
    this.scope = scope;
    this.settings = settings;
    this.last = scope.after();
    this.buffer = new ArrayBlockingQueue<>(BUFFER);
    this.sink = Sinks.many().unicast().onBackpressureBuffer(buffer);
  }

  Flux<SseFrame> start() {
    channel = hub.attach(scope.session(), this);
    hub.executor().execute(this::run);
    return sink.asFlux()
        .doFinally(
            signal -> {
              cancelled = true;
              wakeThread();
            });
  }

  @Override
  public Executor home() {
    return home;
  }

  /** The channel has news: push it from the caller's thread if that is quick, else wake ours. */
  @Override
  public void wake() {
    if (live && !cancelled && lock.tryLock()) {
      try {
        if (pass(channel.after(last)) == Pass.CAUGHT_UP) {
          return;
        }
      } finally {
        lock.unlock();
      }
    }
    wakeThread();
  }

  private void wakeThread() {
    if (wakeups.availablePermits() == 0) {
      wakeups.release();
    }
  }

  private void run() {
    try {
      if (scope.endAt() > 0 && last >= scope.endAt()) {
        sink.tryEmitComplete();
        return;
      }
      // The response headers go out with the first frame: send one now, so a client learns at
      // once that it is connected (EventSource.onopen) even when nothing has happened yet.
      if (!sendWaiting(SseFrame.comment("connected"))) {
        return;
      }
      live = true;
      while (!cancelled) {
        Pass pass = catchUp();
        if (pass == Pass.ENDED) {
          return;
        }
        if (pass == Pass.CAUGHT_UP
            && !wakeups.tryAcquire(settings.pingInterval().toMillis(), TimeUnit.MILLISECONDS)
            && !sendWaiting(SseFrame.comment("ping"))) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sink.tryEmitComplete();
    } catch (RuntimeException e) {
      sink.tryEmitError(e);
    } finally {
      hub.detach(channel, this);
    }
  }

  /**
   * On the stream's thread: sends what memory or the database has after {@code last}, waiting
   * while the client's buffer is full, until caught up or over.
   */
  private Pass catchUp() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        List<SessionChannel.Live> batch = channel.after(last);
        boolean fromDatabase = batch == null;
        if (fromDatabase) {
          batch = fromDatabase();
          if (batch.isEmpty()) {
            return Pass.CAUGHT_UP;
          }
        }
        Pass pass = pass(batch);
        if (pass == Pass.FULL) {
          if (!awaitRoom()) {
            return Pass.ENDED;
          }
        } else if (pass == Pass.ENDED || pass == Pass.CAUGHT_UP && !fromDatabase) {
          return pass;
        }
        // else: a database page was sent, or memory skipped ahead; look again
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends the events of {@code batch} the stream has not handled yet, without waiting. Events
   * that are ready together go out as one write (up to {@link #COALESCE}): a subscriber that
   * fell behind catches up in a few writes instead of one per event. Called with the lock held,
   * by either path.
   */
  private Pass pass(List<SessionChannel.Live> batch) {
    if (cancelled) {
      return Pass.ENDED;
    }
    if (batch == null) {
      return Pass.BEHIND;
    }
    int i = 0;
    while (i < batch.size()) {
      List<SseFrame> frames = new ArrayList<>();
      long reach = last;
      boolean terminal = false;
      boolean gap = false;
      for (; i < batch.size() && frames.size() < COALESCE && !terminal; i++) {
        Event e = batch.get(i).event();
        if (e.sequence() <= reach) {
          continue;
        }
        if (e.sequence() != reach + 1) {
          gap = true;
          break;
        }
        reach = e.sequence();
        if (scope.turnId() == null || scope.turnId().equals(e.turnId())) {
          frames.add(batch.get(i).frame());
          terminal = scope.turnId() != null && TERMINAL.contains(e.type());
        }
      }
      if (!frames.isEmpty()) {
        Sinks.EmitResult result = sink.tryEmitNext(SseFrame.joined(frames));
        if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
          return Pass.FULL;
        }
        if (result.isFailure()) {
          cancelled = true;
          return Pass.ENDED;
        }
      }
      last = reach;
      if (terminal) {
        cancelled = true;
        sink.tryEmitComplete();
        return Pass.ENDED;
      }
      if (gap) {
        return Pass.BEHIND;
      }
    }
    return Pass.CAUGHT_UP;
  }

  /** Sends one frame from the stream's thread, waiting while the client's buffer is full. */
  private boolean sendWaiting(SseFrame frame) throws InterruptedException {
    lock.lock();
    try {
      while (!cancelled) {
        Sinks.EmitResult result = sink.tryEmitNext(frame);
        if (result.isSuccess()) {
          return true;
        }
        if (result != Sinks.EmitResult.FAIL_OVERFLOW || !awaitRoom()) {
          break;
        }
      }
      cancelled = true;
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits (on the stream's own thread, holding its lock) until the client's buffer has room;
   * false, with the stream ended, if it had none for the stall timeout.
   */
  private boolean awaitRoom() throws InterruptedException {
    long deadline = System.nanoTime() + settings.slowClientTimeout().toNanos();
    while (!cancelled) {
      if (buffer.remainingCapacity() > 0) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        cancelled = true;
        sink.tryEmitError(new IllegalStateException("client fell too far behind; resume by cursor"));
        return false;
      }
      Thread.sleep(5);
    }
    return false;
  }

  private List<SessionChannel.Live> fromDatabase() {
    return events
        .listBySession(
            scope.session().workspaceId(), scope.session().id(), new PageRequest(PAGE, last))
        .data()
        .stream()
        .map(SessionChannel.Live::of)
        .toList();
  }

  static SseFrame frame(Event e) {
    try {
      return SseFrame.event(e.cursor(), e.type(), TurnpikeJson.mapper().writeValueAsString(e));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
