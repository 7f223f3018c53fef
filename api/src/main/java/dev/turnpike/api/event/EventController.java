package dev.turnpike.api.event;

import dev.turnpike.activities.event.Event;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.activities.session.SessionStore;
import dev.turnpike.activities.store.Page;
import dev.turnpike.activities.store.PageRequest;
import dev.turnpike.activities.turn.TurnStore;
import dev.turnpike.api.auth.Caller;
import dev.turnpike.api.http.ListParams;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * A session's or a turn's events in sequence order, from a cursor: the {@code cursor} of an
 * event resumes right after it.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class EventController {
  private final EventStore events;
  private final SessionStore sessions;
  private final TurnStore turns;

  public EventController(EventStore events, SessionStore sessions, TurnStore turns) {
    this.events = events;
    this.sessions = sessions;
    this.turns = turns;
  }

  @Get("/agent_sessions/{id}/events")
  public Page<Event> sessionEvents(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable String id,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor) {
    PageRequest page = ListParams.events(limit, cursor);
    sessions.get(caller.workspaceId(), id, "id");
    return events.listBySession(caller.workspaceId(), id, page);
  }

  @Get("/agent_turns/{id}/events")
  public Page<Event> turnEvents(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable String id,
      @QueryValue @Nullable String limit,
      @QueryValue @Nullable String cursor) {
    PageRequest page = ListParams.events(limit, cursor);
    turns.get(caller.workspaceId(), id, "id");
    return events.listByTurn(caller.workspaceId(), id, page);
  }
}
