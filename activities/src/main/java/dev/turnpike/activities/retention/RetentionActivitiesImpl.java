package dev.turnpike.activities.retention;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.activities.event.EventData;
import dev.turnpike.activities.event.EventScope;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.activities.event.NewEvent;
import dev.turnpike.activities.store.Db;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.store.Sql;
import dev.turnpike.workflows.retention.PurgeReport;
import dev.turnpike.workflows.retention.PurgeRequest;
import dev.turnpike.workflows.retention.RetentionActivities;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Replaces a due session's events with one {@code handoff_summary.created} event that says what
 * was purged. The session, its turns and earlier summaries stay; the sequence goes on from where
 * it was, so {@code last_event_cursor} points at the summary.
 */
@Singleton
public class RetentionActivitiesImpl implements RetentionActivities {
  static final String HANDOFF_SUMMARY = "handoff_summary.created";
  private static final int BATCH = 100;
  private static final int EXCERPT_CHARS = 500;
  private final Db db;

  public RetentionActivitiesImpl(Db db) {
    this.db = db;
  }

  private record Due(String id, String workspaceId, String agentId) {}

  @Override
  public PurgeReport purgeExpired(PurgeRequest request) {
    return db.write(
        c -> {
          List<Due> due =
              Sql.list(
                  c,
                  "SELECT id, workspace_id, agent_id FROM sessions"
                      + " WHERE events_retained_until < to_timestamp(?)"
                      + " ORDER BY events_retained_until LIMIT ? FOR UPDATE SKIP LOCKED",
                  rs -> new Due(rs.getString(1), rs.getString(2), rs.getString(3)),
                  request.asOfEpochSeconds(),
                  BATCH + 1);
          List<Due> batch = due.subList(0, Math.min(BATCH, due.size()));
          for (Due session : batch) {
            purge(c, session);
          }
          return new PurgeReport(batch.size(), due.size() > BATCH);
        });
  }

  /** The first characters of a message (whole code points, as PostgreSQL's left() counts). */
  private static String excerpt(String message) {
    return message.codePointCount(0, message.length()) <= EXCERPT_CHARS
        ? message
        : message.substring(0, message.offsetByCodePoints(0, EXCERPT_CHARS));
  }

  private static void purge(Connection c, Due session) throws SQLException {
    ObjectNode summary =
        Sql.one(
                c,
                "SELECT count(*) AS n, min(sequence) AS first, max(sequence) AS last,"
                    + " extract(epoch FROM min(created_at))::bigint AS since,"
                    + " extract(epoch FROM max(created_at))::bigint AS until"
                    + " FROM events WHERE session_id = ? AND type <> ?",
                rs ->
                    EventData.object()
                        .put("purged_event_count", rs.getLong("n"))
                        .put("purged_from_sequence", rs.getLong("first"))
                        .put("purged_through_sequence", rs.getLong("last"))
                        .put("purged_events_since", rs.getLong("since"))
                        .put("purged_events_until", rs.getLong("until")),
                session.id(),
                HANDOFF_SUMMARY)
            .orElseThrow();
    if (summary.get("purged_event_count").asLong() > 0) {
      ObjectNode byType = summary.putObject("purged_event_types");
      Sql.list(
          c,
          "SELECT type, count(*) FROM events WHERE session_id = ? AND type <> ?"
              + " GROUP BY type ORDER BY type",
          rs -> byType.put(rs.getString(1), rs.getLong(2)),
          session.id(),
          HANDOFF_SUMMARY);
      summary.put(
          "last_assistant_message",
          EventStore.lastAssistantMessageOfSession(c, session.workspaceId(), session.id())
              .map(RetentionActivitiesImpl::excerpt)
              .orElse(null));
      summary.put(
          "message",
          "Events up to sequence " + summary.get("purged_through_sequence").asLong()
              + " were purged under the workspace's retention policy.");
      Sql.update(
          c, "DELETE FROM events WHERE session_id = ? AND type <> ?", session.id(), HANDOFF_SUMMARY);
      EventStore.append(
          c,
          new EventScope(session.workspaceId(), session.agentId(), session.id(), null),
          List.of(
              new NewEvent(
                  Ids.derived(
                      "evt_", session.id(), "purge",
                      summary.get("purged_through_sequence").asText()),
                  HANDOFF_SUMMARY,
                  summary)));
    }
    Sql.update(
        c,
        "UPDATE sessions SET events_retained_until = NULL, version = version + 1,"
            + " updated_at = now() WHERE id = ?",
        session.id());
  }
}
