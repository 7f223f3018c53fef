package dev.turnpike.api.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.activities.event.EventTypes;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.api.http.ApiException;
import dev.turnpike.workflows.json.TurnpikeJson;
import java.util.Map;
import java.util.Set;

/**
 * A validated {@code :emit} body. {@code type} is the seeds' {@code message} or one of the event
 * types an external runner may author; the lifecycle events (a turn's end, approvals, tool calls
 * the workflow tracks) are written by Turnpike only, so an emitted event can never finish a turn
 * or decide an approval.
 */
record EmittedEvent(String type, ObjectNode data) {
  private static final Map<String, String> ALIASES = Map.of("message", EventTypes.MESSAGE_CREATED);
  static final Set<String> EMITTABLE =
      Set.of(
          EventTypes.MESSAGE_CREATED,
          "widget.created",
          EventTypes.ARTIFACT_CREATED,
          EventTypes.PROGRESS_UPDATED,
          "execution_environment.started",
          "execution_environment.stopped",
          "execution_environment.resumed",
          "execution_environment.deleted",
          "execution_environment.failed",
          "handoff_summary.created");
  private static final Set<String> ROLES = Set.of("assistant", "user", "system");
  private static final ObjectMapper CANONICAL =
      TurnpikeJson.mapper().copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  static EmittedEvent from(ObjectNode body) {
    JsonNode type = body.get("type");
    if (type == null || type.isNull()) {
      throw ApiException.invalid("Field 'type' is required.", "type");
    }
    String resolved = type.isTextual() ? ALIASES.getOrDefault(type.asText(), type.asText()) : null;
    if (resolved == null || !EMITTABLE.contains(resolved)) {
      throw ApiException.invalid(
          "Field 'type' must be 'message' or one of " + EMITTABLE + ".", "type");
    }
    JsonNode data = body.get("data");
    if (data == null || !data.isObject()) {
      throw ApiException.invalid("Field 'data' is required and must be an object.", "data");
    }
    ObjectNode normalized = ((ObjectNode) data).deepCopy();
    if (resolved.equals(EventTypes.MESSAGE_CREATED)) {
      message(normalized);
    }
    return new EmittedEvent(resolved, normalized);
  }

  private static void message(ObjectNode data) {
    if (!data.path("content").isTextual()) {
      throw ApiException.invalid("A message needs 'data.content' as a string.", "data.content");
    }
    JsonNode role = data.get("role");
    if (role == null || role.isNull()) {
      data.put("role", "assistant");
    } else if (!role.isTextual() || !ROLES.contains(role.asText())) {
      throw ApiException.invalid(
          "Field 'data.role' must be assistant, user or system.", "data.role");
    }
  }

  /** A hash of the request with object keys sorted, so key order and spacing do not matter. */
  String requestHash() {
    try {
      Object plain = CANONICAL.convertValue(Map.of("type", type, "data", data), Object.class);
      return Ids.sha256Hex(CANONICAL.writeValueAsString(plain));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
