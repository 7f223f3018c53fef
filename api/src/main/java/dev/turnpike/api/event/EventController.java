package dev.turnpike.api.event;

import dev.turnpike.activities.event.Event;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.activities.session.Session;
import dev.turnpike.activities.session.SessionStore;
import dev.turnpike.activities.store.Page;
import dev.turnpike.activities.store.PageRequest;
import dev.turnpike.activities.turn.Turn;
import dev.turnpike.activities.turn.TurnActivitiesImpl;
import dev.turnpike.activities.turn.TurnStore;
import dev.turnpike.api.auth.Caller;
import dev.turnpike.api.http.ApiException;
import dev.turnpike.api.http.ListParams;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A session's or a turn's events in sequence order, from a cursor (the {@code cursor} of an
 * event resumes right after it): as a JSON page, a long poll ({@code wait}), or, with {@code
 * Accept: text/event-stream}, a live SSE stream that resumes from {@code Last-Event-ID}.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class EventController {
  static final int MAX_WAIT_SECONDS = 30;
  private final EventStore events;
  private final SessionStore sessions;
  private final TurnStore turns;
  private final EventHub hub;
  private final StreamSettings settings;

  public EventController(
      EventStore events,
      SessionStore sessions,
      TurnStore turns,
      EventHub hub,
      StreamSettings settings) {
    this.events = events;
    this.sessions = sessions;
    this.turns = turns;
    this.hub = hub;
    this.settings = settings;
  }

  @Get("/agent_sessions/{id}/events")
  @ApiResponse(
      responseCode = "200",
      content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventPage.class)),
        @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(type = "string"))
      })
  @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM})
  public HttpResponse<?> sessionEvents(
      HttpRequest<?> request,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable String id,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor,
      @QueryValue @Nullable String wait)
      throws InterruptedException {
    Session session = sessions.get(caller.workspaceId(), id, "id");
    if (wantsStream(request)) {
      long after = streamCursor(request, cursor);
      return stream(request, new EventStream.StreamScope(session, null, after, 0));
    }
    PageRequest page = ListParams.events(limit, cursor);
    return HttpResponse.ok(
        poll(session, waitSeconds(wait), () -> events.listBySession(caller.workspaceId(), id, page)));
  }

  @Get("/agent_turns/{id}/events")
  @ApiResponse(
      responseCode = "200",
      content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventPage.class)),
        @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(type = "string"))
      })
  @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM})
  public HttpResponse<?> turnEvents(
      HttpRequest<?> request,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable String id,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor,
      @QueryValue @Nullable String wait)
      throws InterruptedException {
    Turn turn = turns.get(caller.workspaceId(), id, "id");
    Session session = sessions.get(caller.workspaceId(), turn.sessionId(), "id");
    if (wantsStream(request)) {
      long after = streamCursor(request, cursor);
      return stream(
          request, new EventStream.StreamScope(session, id, after, terminalSequence(turn)));
    }
    PageRequest page = ListParams.events(limit, cursor);
    return HttpResponse.ok(
        poll(session, waitSeconds(wait), () -> events.listByTurn(caller.workspaceId(), id, page)));
  }

  private HttpResponse<?> stream(HttpRequest<?> request, EventStream.StreamScope scope) {
    Executor eventLoop =
        request instanceof NettyHttpRequest<?> netty
            ? netty.getChannelHandlerContext().channel().eventLoop()
            : null;
    return HttpResponse.ok(new EventStream(hub, events, scope, settings, eventLoop).start())
        .contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
        .header(HttpHeaders.CACHE_CONTROL, "no-cache")
        .header("X-Accel-Buffering", "no");
  }

  /** Lists; if the page is empty and the client may wait, waits for the session's next event. */
  private Page<Event> poll(Session session, int waitSeconds, Supplier<Page<Event>> list)
      throws InterruptedException {
    Page<Event> page = list.get();
    if (!page.data().isEmpty() || waitSeconds == 0) {
      return page;
    }
    LongPoll waiter = new LongPoll();
    SessionChannel channel = hub.attach(session, waiter);
    try {
      long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
      long remaining;
      while ((page = list.get()).data().isEmpty()
          && (remaining = deadline - System.nanoTime()) > 0) {
        waiter.await(remaining);
      }
      return page;
    } finally {
      hub.detach(channel, waiter);
    }
  }

  /**
   * Only a client that names {@code text/event-stream} gets a stream; {@code *}{@code /*} (curl's
   * default) and no Accept at all get the JSON page.
   */
  private static boolean wantsStream(HttpRequest<?> request) {
    return request.getHeaders().accept().stream()
        .anyMatch(t -> t.getType().equals("text") && t.getSubtype().equals("event-stream"));
  }

  /** Last-Event-ID (a reconnecting EventSource) wins over the URL's cursor. */
  private static long streamCursor(HttpRequest<?> request, String cursor) {
    String lastEventId = request.getHeaders().get("Last-Event-ID");
    String from = lastEventId != null && !lastEventId.isBlank() ? lastEventId : cursor;
    PageRequest page = ListParams.events(null, from);
    return page.afterOrZero();
  }

  private static int waitSeconds(String wait) {
    if (wait == null) {
      return 0;
    }
    try {
      int seconds = Integer.parseInt(wait.strip());
      if (seconds >= 0 && seconds <= MAX_WAIT_SECONDS) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw ApiException.invalid(
        "wait must be a whole number of seconds from 0 to " + MAX_WAIT_SECONDS + ".", "wait");
  }

  /** The sequence of a finished turn's terminal event, 0 while it runs. */
  private long terminalSequence(Turn turn) {
    if (!turn.state().isTerminal()) {
      return 0;
    }
    return events.sequenceOf(turn.workspaceId(), TurnActivitiesImpl.terminalEventId(turn.id()));
  }
}
