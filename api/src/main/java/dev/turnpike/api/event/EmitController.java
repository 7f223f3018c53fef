package dev.turnpike.api.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.activities.event.Event;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.api.auth.Caller;
import dev.turnpike.api.http.ApiException;
import dev.turnpike.api.http.Fields;
import dev.turnpike.api.http.JsonBody;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;

/**
 * {@code POST /v1/agent_turns/{id}:emit}: an external runner appends an event to a running turn.
 * The idempotency-key makes a retried emit return the event it already wrote.
 */
@Controller("/v1/agent_turns")
@ExecuteOn(TaskExecutors.BLOCKING)
public class EmitController {
  static final String IDEMPOTENCY_KEY = "idempotency-key";
  private static final int KEY_MAX = 64;
  private static final int DATA_MAX_CHARS = 256 * 1024;

  private final EventStore events;
  private final EventHub hub;

  public EmitController(EventStore events, EventHub hub) {
    this.events = events;
    this.hub = hub;
  }

  /** Body of {@code :emit}: {@code type} as in the seeds ({@code message}) or a full event type. */
  record EmitRequest(String type, ObjectNode data) {}

  @Post("/{id}:emit")
  @RequestBody(content = @Content(schema = @Schema(implementation = EmitRequest.class)))
  public HttpResponse<Event> emit(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable String id,
      @Header(IDEMPOTENCY_KEY) @Nullable String idempotencyKey,
      @Body @Nullable String body) {
    String key = idempotencyKey(idempotencyKey);
    EmittedEvent event = EmittedEvent.from(JsonBody.object(body));
    if (event.data().toString().length() > DATA_MAX_CHARS) {
      throw ApiException.invalid(
          "Field 'data' is larger than " + DATA_MAX_CHARS + " characters of JSON.", "data");
    }
    Event written =
        events.emit(caller.workspaceId(), id, key, event.requestHash(), event.type(), event.data());
    hub.published(written);
    return HttpResponse.<Event>status(HttpStatus.CREATED).body(written);
  }

  private static String idempotencyKey(String key) {
    if (key == null || key.isEmpty()) {
      throw ApiException.invalid(
          "Send an 'idempotency-key' header (1 to 64 characters) with every emit.",
          IDEMPOTENCY_KEY);
    }
    return Fields.maxLength(key, IDEMPOTENCY_KEY, KEY_MAX);
  }

}
