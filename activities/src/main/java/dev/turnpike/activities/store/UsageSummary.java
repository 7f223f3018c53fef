package dev.turnpike.activities.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.workflows.json.TurnpikeJson;

/** The seeds' usage_summary object, all counters at zero. */
public final class UsageSummary {
  private UsageSummary() {}

  public static JsonNode zero() {
    ObjectNode n = TurnpikeJson.mapper().createObjectNode();
    for (String key :
        new String[] {
          "provider_cost_cents",
          "provider_token_count",
          "runtime_compute_seconds",
          "runtime_storage_gb_hours",
          "mcp_call_count",
          "api_call_count",
          "ambient_trigger_count"
        }) {
      n.put(key, 0);
    }
    return n;
  }
}
