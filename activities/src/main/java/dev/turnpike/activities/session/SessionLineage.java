package dev.turnpike.activities.session;

import dev.turnpike.activities.store.Db;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.store.ResourceException;
import dev.turnpike.activities.store.Sql;
import dev.turnpike.activities.store.UsageSummary;
import dev.turnpike.activities.turn.Turn;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Sessions made from other sessions: forks (a copy of a conversation to try another path) and
 * sub-agent sessions spawned by a turn.
 */
@Singleton
public class SessionLineage {
  private static final String FINISHED = "('COMPLETED', 'FAILED', 'CANCELLED')";
  private final Db db;

  public SessionLineage(Db db) {
    this.db = db;
  }

  /**
   * A new session of the same agent whose history is a copy of the source's finished turns (up
   * to and including {@code upToTurnId}, or all of them) and their events, renumbered from 1.
   * The copies get new ids; the source is untouched.
   */
  public Session fork(
      String workspaceId, String createdBy, String sourceId, String upToTurnId, String title) {
    return db.write(
        c -> {
          Session source =
              SessionStore.find(c, workspaceId, sourceId, " FOR SHARE")
                  .orElseThrow(() -> ResourceException.notFound("session", sourceId, "id"));
          long upTo = upToRow(c, workspaceId, sourceId, upToTurnId);
          List<String> turns =
              Sql.list(
                  c,
                  "SELECT id FROM turns WHERE workspace_id = ? AND session_id = ? AND state IN "
                      + FINISHED + " AND row_seq <= ? ORDER BY row_seq",
                  rs -> rs.getString(1),
                  workspaceId,
                  sourceId,
                  upTo);
          String forkId = Ids.random("ses_");
          Sql.update(
              c,
              "INSERT INTO sessions (id, workspace_id, agent_id, title, created_by,"
                  + " forked_from_session_id, agent_role, state, usage_summary)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)",
              forkId,
              workspaceId,
              source.agentId(),
              title != null ? title : source.title(),
              createdBy,
              sourceId,
              source.agentRole(),
              turns.isEmpty() ? SessionState.CREATED : SessionState.WAITING_FOR_INPUT,
              UsageSummary.zero());
          copyHistory(c, workspaceId, sourceId, forkId, turns);
          return SessionStore.find(c, workspaceId, forkId, "").orElseThrow();
        });
  }

  private static long upToRow(Connection c, String workspaceId, String sessionId, String turnId)
      throws SQLException {
    if (turnId == null) {
      return Long.MAX_VALUE;
    }
    var turn =
        Sql.one(
                c,
                "SELECT row_seq, state FROM turns WHERE workspace_id = ? AND session_id = ?"
                    + " AND id = ?",
                rs -> new Object[] {rs.getLong(1), rs.getString(2)},
                workspaceId,
                sessionId,
                turnId)
            .orElseThrow(
                () -> ResourceException.notFound("turn of this session", turnId, "up_to_turn_id"));
    if (!FINISHED.contains("'" + turn[1] + "'")) {
      throw ResourceException.conflict(
          "turn_unfinished",
          "Turn '" + turnId + "' is " + turn[1] + "; a fork copies finished turns only.",
          "up_to_turn_id");
    }
    return (long) turn[0];
  }

  /** Copies the turns (usage not counted twice: copies start at zero) and their events. */
  private static void copyHistory(
      Connection c, String workspaceId, String sourceId, String forkId, List<String> turns)
      throws SQLException {
    if (turns.isEmpty()) {
      return;
    }
    String[] copies = turns.stream().map(t -> Ids.derived("trn_", forkId, t)).toArray(String[]::new);
    Array from = c.createArrayOf("text", turns.toArray());
    Array to = c.createArrayOf("text", copies);
    Sql.update(
        c,
        "INSERT INTO turns (id, workspace_id, agent_id, session_id, input_content, model,"
            + " created_by, state, decision_reason, failure_code, failure_message, usage_summary,"
            + " started_at, completed_at, created_at, multitask_strategy)"
            + " SELECT m.copy, t.workspace_id, t.agent_id, ?, t.input_content, t.model,"
            + " t.created_by, t.state, t.decision_reason, t.failure_code, t.failure_message,"
            + " ?::jsonb, t.started_at, t.completed_at, t.created_at, t.multitask_strategy"
            + " FROM turns t JOIN unnest(?::text[], ?::text[]) AS m(original, copy)"
            + " ON t.id = m.original ORDER BY t.row_seq",
        forkId,
        UsageSummary.zero(),
        from,
        to);
    int copied =
        Sql.update(
            c,
            "INSERT INTO events (id, workspace_id, agent_id, session_id, turn_id, sequence, type,"
                + " data, created_at)"
                + " SELECT 'evt_' || substr(md5(? || e.id), 1, 24), e.workspace_id, e.agent_id,"
                + " ?, m.copy, row_number() OVER (ORDER BY e.sequence), e.type, e.data,"
                + " e.created_at FROM events e JOIN unnest(?::text[], ?::text[])"
                + " AS m(original, copy) ON e.turn_id = m.original"
                + " WHERE e.workspace_id = ? AND e.session_id = ?",
            forkId,
            forkId,
            from,
            to,
            workspaceId,
            sourceId);
    Sql.update(
        c,
        "UPDATE sessions SET last_sequence = ? WHERE workspace_id = ? AND id = ?",
        copied,
        workspaceId,
        forkId);
  }

  /** The id of the first turn of the sub-agent a turn spawns at a runner position. */
  public static String spawnedTurnId(String parentTurnId, String positionKey) {
    return Ids.derived("trn_", parentTurnId, positionKey);
  }

  /** The ids of a sub-agent's session and first turn, derived from the spawning turn's step. */
  public record Spawned(String sessionId, String turnId) {}

  /**
   * Creates (once) the child session of {@code parent} with {@code role} and its first turn
   * running {@code script}, inside the caller's transaction.
   */
  public static Spawned spawn(
      Connection c, Turn parent, String positionKey, String role, String script)
      throws SQLException {
    Spawned child =
        new Spawned(
            Ids.derived("ses_", parent.id(), positionKey), spawnedTurnId(parent.id(), positionKey));
    Sql.update(
        c,
        "INSERT INTO sessions (id, workspace_id, agent_id, title, created_by, parent_session_id,"
            + " spawned_by_turn_id, agent_role, state, usage_summary)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'CREATED', ?::jsonb) ON CONFLICT (id) DO NOTHING",
        child.sessionId(),
        parent.workspaceId(),
        parent.agentId(),
        role,
        parent.createdBy(),
        parent.sessionId(),
        parent.id(),
        role,
        UsageSummary.zero());
    Sql.update(
        c,
        "INSERT INTO turns (id, workspace_id, agent_id, session_id, input_content, created_by,"
            + " state, decision_reason, usage_summary) VALUES (?, ?, ?, ?, ?, ?, 'QUEUED', ?,"
            + " ?::jsonb) ON CONFLICT (id) DO NOTHING",
        child.turnId(),
        parent.workspaceId(),
        parent.agentId(),
        child.sessionId(),
        script,
        parent.createdBy(),
        "spawned by turn " + parent.id(),
        UsageSummary.zero());
    return child;
  }
}
