package dev.turnpike.activities.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.workflows.json.TurnpikeJson;

/** Builders for the {@code data} of normalized events. */
public final class EventData {
  private EventData() {}

  public static ObjectNode object() {
    return TurnpikeJson.mapper().createObjectNode();
  }

  public static ObjectNode message(String role, String content) {
    return object().put("role", role).put("content", content);
  }
}
