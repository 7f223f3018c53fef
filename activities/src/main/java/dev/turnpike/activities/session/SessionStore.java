package dev.turnpike.activities.session;

import dev.turnpike.activities.agent.AgentState;
import dev.turnpike.activities.agent.AgentStore;
import dev.turnpike.activities.store.Cursors;
import dev.turnpike.activities.store.Db;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.store.Page;
import dev.turnpike.activities.store.PageRequest;
import dev.turnpike.activities.store.ResourceException;
import dev.turnpike.activities.store.ResourceQuery;
import dev.turnpike.activities.store.Sql;
import dev.turnpike.activities.store.UsageSummary;
import dev.turnpike.activities.turn.TurnStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

@Singleton
public class SessionStore {
  private static final String COLUMNS =
      "id, workspace_id, agent_id, title, created_by, parent_session_id, forked_from_session_id,"
          + " spawned_by_turn_id, agent_role, state, last_sequence, events_retained_until,"
          + " filesystem_pinned, usage_summary, created_at, updated_at, version, row_seq,"
          + " current_sandbox_id";
  private final Db db;
  private final AgentStore agents;

  public SessionStore(Db db, AgentStore agents) {
    this.db = db;
    this.agents = agents;
  }

  public Session create(
      String workspaceId, String createdBy, String agentId, String title, String agentRole) {
    return db.write(
        c -> {
          var agent =
              agents
                  .findShared(c, workspaceId, agentId)
                  .orElseThrow(() -> ResourceException.notFound("agent", agentId, "agent_id"));
          if (agent.state() == AgentState.ARCHIVED) {
            throw ResourceException.conflict(
                "agent_archived", "Agent '" + agentId + "' is archived.", "agent_id");
          }
          return Sql.one(
                  c,
                  "INSERT INTO sessions (id, workspace_id, agent_id, title, created_by, agent_role,"
                      + " state, usage_summary) VALUES (?, ?, ?, ?, ?, ?, 'CREATED', ?::jsonb)"
                      + " RETURNING "
                      + COLUMNS,
                  SessionStore::map,
                  Ids.random("ses_"),
                  workspaceId,
                  agentId,
                  title,
                  createdBy,
                  agentRole,
                  UsageSummary.zero())
              .orElseThrow();
        });
  }

  public Session get(String workspaceId, String id, String param) {
    return db.read(c -> find(c, workspaceId, id, ""))
        .orElseThrow(() -> ResourceException.notFound("session", id, param));
  }

  /**
   * Closes the session: CANCELLED (its turns are being cancelled by the caller), COMPLETED or
   * ARCHIVED (both only when no turn is queued or running: 409 session_busy). A closed session
   * takes no new turns. Closing it again the same way changes nothing; COMPLETED and CANCELLED
   * sessions can still be ARCHIVED, but not the other way round.
   */
  public Session close(String workspaceId, String id, SessionState target) {
    return db.write(
        c -> {
          Session session =
              find(c, workspaceId, id, " FOR UPDATE")
                  .orElseThrow(() -> ResourceException.notFound("session", id, "id"));
          if (session.state() == target) {
            return session;
          }
          if (session.state().isClosed() && target != SessionState.ARCHIVED
              || session.state() == SessionState.ARCHIVED) {
            throw ResourceException.conflict(
                "session_closed", "Session '" + id + "' is " + session.state() + ".", "id");
          }
          if (target != SessionState.CANCELLED && hasUnfinishedTurns(c, workspaceId, id)) {
            throw ResourceException.conflict(
                "session_busy",
                "Session '" + id + "' has a turn queued or running; cancel it or wait.",
                "id");
          }
          Sql.update(
              c,
              "UPDATE sessions SET state = ?, version = version + 1, updated_at = now()"
                  + " WHERE workspace_id = ? AND id = ?",
              target,
              workspaceId,
              id);
          return find(c, workspaceId, id, "").orElseThrow();
        });
  }

  /** Whether a turn of the session is queued, running or waiting for a decision. */
  public static boolean hasUnfinishedTurns(Connection c, String workspaceId, String id)
      throws SQLException {
    return Sql.one(
            c,
            "SELECT 1 FROM turns WHERE workspace_id = ? AND session_id = ?"
                + " AND state IN " + TurnStore.UNFINISHED + " LIMIT 1",
            rs -> Boolean.TRUE,
            workspaceId,
            id)
        .isPresent();
  }

  /**
   * Reads the session for a new turn. {@code exclusive}: an update lock, so the caller's
   * transaction has the session to itself (a check of its unfinished turns holds until the
   * caller commits). Otherwise a key-share lock: the session cannot be closed meanwhile (closing
   * takes the update lock), but the session's running turn, which writes its events and state to
   * this row, does not wait for the caller, nor the caller for it.
   */
  public static Optional<Session> findForNewTurn(
      Connection c, String workspaceId, String id, boolean exclusive) throws SQLException {
    return find(c, workspaceId, id, exclusive ? " FOR UPDATE" : " FOR KEY SHARE");
  }

  static Optional<Session> find(Connection c, String workspaceId, String id, String lock)
      throws SQLException {
    return Sql.one(
        c,
        "SELECT " + COLUMNS + " FROM sessions WHERE workspace_id = ? AND id = ?" + lock,
        SessionStore::map,
        workspaceId,
        id);
  }

  public Page<Session> list(String workspaceId, SessionFilter filter, PageRequest page) {
    return ResourceQuery.of(COLUMNS, "sessions", workspaceId)
        .where("parent_session_id", filter.parentSession())
        .where("forked_from_session_id", filter.forkedFromSession())
        .where("spawned_by_turn_id", filter.spawnedByTurn())
        .where("agent_role", filter.agentRole())
        .whereNot("state", filter.includeArchived() ? null : SessionState.ARCHIVED.name())
        .page(db, page, SessionStore::map);
  }

  /**
   * Moves a session between its working states. A session that is CANCELLED, COMPLETED or
   * ARCHIVED stays so: a turn finishing after its session was cancelled does not reopen it.
   */
  public static void setState(Connection c, String workspaceId, String id, SessionState state)
      throws SQLException {
    Sql.update(
        c,
        "UPDATE sessions SET state = ?, version = version + 1, updated_at = now()"
            + " WHERE workspace_id = ? AND id = ? AND state <> ?"
            + " AND state NOT IN ('CANCELLED', 'COMPLETED', 'ARCHIVED')",
        state,
        workspaceId,
        id,
        state);
  }

  static Session map(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    long lastSequence = rs.getLong("last_sequence");
    return new Session(
        id,
        rs.getString("workspace_id"),
        null,
        rs.getString("agent_id"),
        rs.getString("title"),
        rs.getString("created_by"),
        rs.getString("parent_session_id"),
        rs.getString("forked_from_session_id"),
        rs.getString("spawned_by_turn_id"),
        rs.getString("agent_role"),
        rs.getString("current_sandbox_id"),
        lastSequence == 0 ? null : Cursors.encode(Cursors.EVENT, lastSequence),
        Sql.epoch(rs, "events_retained_until"),
        null,
        rs.getBoolean("filesystem_pinned"),
        Sql.json(rs, "usage_summary"),
        SessionState.valueOf(rs.getString("state")),
        Sql.epoch(rs, "created_at"),
        Sql.epoch(rs, "updated_at"),
        Ids.etag(id, rs.getInt("version")));
  }
}
