package dev.turnpike.api.event;

import dev.turnpike.activities.event.Event;
import java.util.List;

/**
 * The JSON shape of an event list, named for the OpenAPI document: the event endpoints return
 * either this page or an SSE stream, so their Java return type cannot say it.
 */
record EventPage(List<Event> data, boolean hasMore, String nextCursor) {}
