package dev.turnpike.activities.event;

import dev.turnpike.activities.store.Cursors;
import dev.turnpike.activities.store.Db;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.store.Page;
import dev.turnpike.activities.store.PageRequest;
import dev.turnpike.activities.store.ResourceException;
import dev.turnpike.activities.store.Sql;
import dev.turnpike.activities.turn.TurnStore;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event log. Appends are idempotent (an event whose id exists is skipped) and take the next
 * numbers of the session's gap-free sequence under the session row's lock, so concurrent writers
 * never leave a hole or reuse a number.
 */
@Singleton
public class EventStore {
  /** The PostgreSQL NOTIFY channel; payload {@code <session id>:<last sequence>}. */
  public static final String CHANNEL = "turnpike_events";

  private static final String COLUMNS =
      "id, workspace_id, agent_id, session_id, turn_id, sequence, type, data, created_at";
  private final Db db;

  public EventStore(Db db) {
    this.db = db;
  }

  public List<Event> append(EventScope scope, List<NewEvent> events) {
    return db.write(c -> append(c, scope, events));
  }

  /** Appends inside the caller's transaction; returns only the events this call wrote. */
  public static List<Event> append(Connection c, EventScope scope, List<NewEvent> events)
      throws SQLException {
    return append(c, scope, events, null, null);
  }

  /**
   * Lock the session's sequence, insert each event (an id that exists is skipped by the insert
   * itself, and its number goes to the next event), then one update that moves the sequence and
   * queues the NOTIFY: for one event, three statements and the commit.
   */
  private static List<Event> append(
      Connection c,
      EventScope scope,
      List<NewEvent> events,
      String idempotencyKey,
      String requestHash)
      throws SQLException {
    if (events.isEmpty()) {
      return List.of();
    }
    long last =
        Sql.one(
                c,
                "SELECT last_sequence FROM sessions WHERE workspace_id = ? AND id = ?"
                    + " FOR NO KEY UPDATE",
                rs -> rs.getLong(1),
                scope.workspaceId(),
                scope.sessionId())
            .orElseThrow(() -> ResourceException.notFound("session", scope.sessionId(), null));
    List<Event> written = new ArrayList<>(events.size());
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO events (id, workspace_id, agent_id, session_id, turn_id, sequence, type,"
                + " data, idempotency_key, request_hash)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)"
                + " ON CONFLICT (id) DO NOTHING RETURNING "
                + COLUMNS)) {
      for (NewEvent e : events) {
        Sql.bind(
            ps,
            e.id(),
            scope.workspaceId(),
            scope.agentId(),
            scope.sessionId(),
            scope.turnId(),
            last + 1,
            e.type(),
            e.data(),
            idempotencyKey,
            requestHash);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            written.add(map(rs));
            last++;
          }
        }
      }
    }
    if (written.isEmpty()) {
      return List.of();
    }
    // The NOTIFY reaches every listening API node when (and only if) the transaction commits.
    Sql.one(
        c,
        "UPDATE sessions SET last_sequence = ?, version = version + 1, updated_at = now()"
            + " WHERE workspace_id = ? AND id = ? RETURNING pg_notify('" + CHANNEL + "', ?)",
        rs -> Boolean.TRUE,
        last,
        scope.workspaceId(),
        scope.sessionId(),
        scope.sessionId() + ":" + last);
    return written;
  }

  /**
   * Appends an event authored by an external runner through {@code :emit}. Its id derives from
   * (turn, idempotency key): the same key with the same request returns the event already
   * written; with another request it is refused.
   */
  public Event emit(
      String workspaceId,
      String turnId,
      String idempotencyKey,
      String requestHash,
      String type,
      JsonNode data) {
    return db.write(
        c -> {
          var turn =
              TurnStore.findShared(c, workspaceId, turnId)
                  .orElseThrow(() -> ResourceException.notFound("turn", turnId, "id"));
          String id = Ids.derived("evt_", turnId, "emit", idempotencyKey);
          if (turn.state().isTerminal()) {
            // A retry of an emit that made it in before the turn ended still gets its event.
            return emitted(c, workspaceId, id, requestHash)
                .orElseThrow(
                    () ->
                        ResourceException.conflict(
                            "turn_finished",
                            "Turn '" + turnId + "' is " + turn.state()
                                + "; it takes no more events.",
                            "id"));
          }
          List<Event> written =
              append(
                  c,
                  new EventScope(workspaceId, turn.agentId(), turn.sessionId(), turnId),
                  List.of(new NewEvent(id, type, data)),
                  idempotencyKey,
                  requestHash);
          if (!written.isEmpty()) {
            return written.getFirst();
          }
          // The key was used before: the same request gets the same event.
          return emitted(c, workspaceId, id, requestHash).orElseThrow();
        });
  }

  /** The event an earlier emit with this key wrote; refused if that emit had another body. */
  private static Optional<Event> emitted(
      Connection c, String workspaceId, String id, String requestHash) throws SQLException {
    var previous =
        Sql.one(
            c,
            "SELECT " + COLUMNS + ", request_hash FROM events WHERE workspace_id = ? AND id = ?",
            rs -> Map.entry(map(rs), rs.getString("request_hash")),
            workspaceId,
            id);
    if (previous.isPresent() && !requestHash.equals(previous.get().getValue())) {
      throw new ResourceException(
          ResourceException.Kind.UNPROCESSABLE,
          "idempotency_key_reused",
          "This idempotency-key was used with a different request.",
          "idempotency-key");
    }
    return previous.map(Map.Entry::getKey);
  }

  /** A turn's last assistant message, if it wrote one. */
  public static Optional<String> lastAssistantMessage(
      Connection c, String workspaceId, String turnId) throws SQLException {
    return lastAssistantMessage(c, "turn_id", workspaceId, turnId);
  }

  /** A session's last assistant message, if it has one. */
  public static Optional<String> lastAssistantMessageOfSession(
      Connection c, String workspaceId, String sessionId) throws SQLException {
    return lastAssistantMessage(c, "session_id", workspaceId, sessionId);
  }

  private static Optional<String> lastAssistantMessage(
      Connection c, String column, String workspaceId, String id) throws SQLException {
    return Sql.one(
        c,
        "SELECT data ->> 'content' FROM events WHERE workspace_id = ? AND " + column + " = ?"
            + " AND type = ? AND data ->> 'role' = 'assistant' ORDER BY sequence DESC LIMIT 1",
        rs -> rs.getString(1),
        workspaceId,
        id,
        EventTypes.MESSAGE_CREATED);
  }

  /** The session's messages from turns other than {@code turnId}, in order. */
  public static List<Event> messagesBefore(
      Connection c, String workspaceId, String sessionId, String turnId) throws SQLException {
    return Sql.list(
        c,
        "SELECT " + COLUMNS + " FROM events WHERE workspace_id = ? AND session_id = ?"
            + " AND type = ? AND turn_id <> ? ORDER BY sequence",
        EventStore::map,
        workspaceId,
        sessionId,
        EventTypes.MESSAGE_CREATED,
        turnId);
  }

  /** The sequence of an event, or 0 if it does not exist. */
  public long sequenceOf(String workspaceId, String eventId) {
    return db.read(
        c ->
            Sql.one(
                    c,
                    "SELECT sequence FROM events WHERE workspace_id = ? AND id = ?",
                    rs -> rs.getLong(1),
                    workspaceId,
                    eventId)
                .orElse(0L));
  }

  public Page<Event> listBySession(String workspaceId, String sessionId, PageRequest page) {
    return list("session_id", workspaceId, sessionId, page);
  }

  public Page<Event> listByTurn(String workspaceId, String turnId, PageRequest page) {
    return list("turn_id", workspaceId, turnId, page);
  }

  private Page<Event> list(String column, String workspaceId, String id, PageRequest page) {
    return db.read(
        c ->
            Page.of(
                Sql.list(
                    c,
                    "SELECT " + COLUMNS + " FROM events WHERE workspace_id = ? AND " + column
                        + " = ? AND sequence > ? ORDER BY sequence LIMIT ?",
                    EventStore::map,
                    workspaceId,
                    id,
                    page.afterOrZero(),
                    page.limit() + 1),
                page.limit(),
                Cursors.EVENT,
                Event::sequence));
  }

  static Event map(ResultSet rs) throws SQLException {
    long sequence = rs.getLong("sequence");
    return new Event(
        rs.getString("id"),
        rs.getString("workspace_id"),
        rs.getString("agent_id"),
        rs.getString("session_id"),
        rs.getString("turn_id"),
        sequence,
        Cursors.encode(Cursors.EVENT, sequence),
        rs.getString("type"),
        Sql.epoch(rs, "created_at"),
        Sql.json(rs, "data"));
  }
}
