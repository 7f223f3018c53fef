package dev.turnpike.activities.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.workflows.json.TurnpikeJson;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The seeds' usage_summary object. A turn's counters grow while it runs; when it ends they are
 * added once to its session's and its agent's, so the three levels always add up.
 */
public final class UsageSummary {
  private UsageSummary() {}

  /** Adds {@code usage}'s counters to the usage_summary of a row of {@code table}. */
  public static void addTo(Connection c, String table, String workspaceId, String id,
      JsonNode usage) throws SQLException {
    Sql.update(
        c,
        "UPDATE " + table + " SET usage_summary = (SELECT jsonb_object_agg(k,"
            + " COALESCE((usage_summary ->> k)::numeric, 0) + COALESCE((?::jsonb ->> k)::numeric, 0))"
            + " FROM jsonb_object_keys(usage_summary || ?::jsonb) AS k)"
            + " WHERE workspace_id = ? AND id = ?",
        usage,
        usage,
        workspaceId,
        id);
  }

  /** Adds runner time to a turn, in seconds with millisecond precision. */
  public static void addRuntime(Connection c, String workspaceId, String turnId, long millis)
      throws SQLException {
    Sql.update(
        c,
        "UPDATE turns SET usage_summary = jsonb_set(usage_summary, '{runtime_compute_seconds}',"
            + " to_jsonb(COALESCE((usage_summary ->> 'runtime_compute_seconds')::numeric, 0)"
            + " + round(? / 1000.0, 3))) WHERE workspace_id = ? AND id = ?",
        millis,
        workspaceId,
        turnId);
  }

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
