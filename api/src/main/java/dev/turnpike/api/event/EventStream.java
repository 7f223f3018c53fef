package dev.turnpike.api.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.turnpike.activities.event.Event;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.activities.event.EventTypes;
import dev.turnpike.activities.store.PageRequest;
import dev.turnpike.workflows.json.TurnpikeJson;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One SSE subscriber: replays from its cursor, then follows the session channel, on its own
 * virtual thread. Sequence numbers are gap-free, so "the next event is last + 1" is all it needs
 * to join replay and live without a gap or a duplicate. It never blocks a writer: a client that
 * does not read fills its bounded buffer and is disconnected, to resume by cursor.
 */
final class EventStream implements SessionChannel.Waiter {
  static final int BUFFER = 256;
  private static final int PAGE = 200;
  private static final Set<String> TERMINAL =
      Set.of(EventTypes.TURN_COMPLETED, EventTypes.TURN_FAILED, EventTypes.TURN_CANCELLED);

  private final EventHub hub;
  private final EventStore events;
  private final StreamScope scope;
  private final StreamSettings settings;
  private final Semaphore wakeups = new Semaphore(0);
  private final Sinks.Many<SseFrame> sink;
  private volatile boolean cancelled;
  private long last;

  /** What a stream follows: a session, or one turn of it (turnId set). */
  record StreamScope(
      dev.turnpike.activities.session.Session session, String turnId, long after, long endAt) {}

  EventStream(EventHub hub, EventStore events, StreamScope scope, StreamSettings settings) {
    this.hub = hub;
    this.events = events;
    this.scope = scope;
    this.settings = settings;
    this.last = scope.after();
    Queue<SseFrame> buffer = new ArrayBlockingQueue<>(BUFFER);
    this.sink = Sinks.many().unicast().onBackpressureBuffer(buffer);
  }

  Flux<SseFrame> start() {
    SessionChannel channel = hub.attach(scope.session(), this);
    hub.executor().execute(() -> run(channel));
    return sink.asFlux()
        .doFinally(
            signal -> {
              cancelled = true;
              wake();
            });
  }

  @Override
  public void wake() {
    if (wakeups.availablePermits() == 0) {
      wakeups.release();
    }
  }

  private void run(SessionChannel channel) {
    try {
      if (scope.endAt() > 0 && last >= scope.endAt()) {
        sink.tryEmitComplete();
        return;
      }
      // The response headers go out with the first frame: send one now, so a client learns at
      // once that it is connected (EventSource.onopen) even when nothing has happened yet.
      send(SseFrame.comment("connected"));
      while (!cancelled) {
        List<SessionChannel.Live> batch = channel.after(last);
        if (batch == null) {
          batch = fromDatabase();
        }
        if (batch.isEmpty()) {
          if (!wakeups.tryAcquire(settings.pingInterval().toMillis(), TimeUnit.MILLISECONDS)) {
            send(SseFrame.comment("ping"));
          }
          continue;
        }
        for (SessionChannel.Live live : batch) {
          Event e = live.event();
          last = e.sequence();
          if (scope.turnId() != null && !scope.turnId().equals(e.turnId())) {
            continue;
          }
          if (!send(live.frame())) {
            return;
          }
          if (scope.turnId() != null && TERMINAL.contains(e.type())) {
            sink.tryEmitComplete();
            return;
          }
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

  private List<SessionChannel.Live> fromDatabase() {
    return events
        .listBySession(
            scope.session().workspaceId(), scope.session().id(), new PageRequest(PAGE, last))
        .data()
        .stream()
        .map(SessionChannel.Live::of)
        .toList();
  }

  /**
   * Emits a frame, waiting (on this stream's own thread only) while the client's buffer is full;
   * false when the stream is over: cancelled, or the client read nothing for the stall timeout.
   */
  private boolean send(SseFrame frame) throws InterruptedException {
    long deadline = 0;
    while (!cancelled) {
      Sinks.EmitResult result = sink.tryEmitNext(frame);
      if (result.isSuccess()) {
        return true;
      }
      if (result != Sinks.EmitResult.FAIL_OVERFLOW) {
        break;
      }
      long now = System.nanoTime();
      if (deadline == 0) {
        deadline = now + settings.slowClientTimeout().toNanos();
      } else if (now > deadline) {
        sink.tryEmitError(new IllegalStateException("client fell too far behind; resume by cursor"));
        break;
      }
      Thread.sleep(5);
    }
    cancelled = true;
    return false;
  }

  static SseFrame frame(Event e) {
    try {
      return SseFrame.event(e.cursor(), e.type(), TurnpikeJson.mapper().writeValueAsString(e));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
