package dev.turnpike.activities.turn;

import dev.turnpike.activities.agent.Agent;
import dev.turnpike.activities.agent.AgentState;
import dev.turnpike.activities.agent.AgentStore;
import dev.turnpike.activities.session.Session;
import dev.turnpike.activities.session.SessionStore;
import dev.turnpike.activities.store.Db;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.store.Page;
import dev.turnpike.activities.store.PageRequest;
import dev.turnpike.activities.store.ResourceException;
import dev.turnpike.activities.store.ResourceQuery;
import dev.turnpike.activities.store.Sql;
import dev.turnpike.activities.store.UsageSummary;
import dev.turnpike.workflows.turn.Failure;
import dev.turnpike.workflows.turn.TurnState;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

@Singleton
public class TurnStore {
  /**
   * SQL list of the states of a turn that has not ended, e.g. {@code ('QUEUED', 'RUNNING', …)},
   * derived from {@link TurnState#isTerminal()} so every query agrees with the enum.
   */
  public static final String UNFINISHED =
      Arrays.stream(TurnState.values())
          .filter(s -> !s.isTerminal())
          .map(s -> "'" + s.name() + "'")
          .collect(Collectors.joining(", ", "(", ")"));

  static final String COLUMNS =
      "id, workspace_id, agent_id, session_id, input_content, model, created_by, state,"
          + " decision_reason, failure_code, failure_message, usage_summary, started_at,"
          + " completed_at, created_at, updated_at, version, row_seq, multitask_strategy,"
          + " CASE WHEN state = 'QUEUED' THEN (SELECT count(*) FROM turns ahead"
          + " WHERE ahead.session_id = turns.session_id AND ahead.row_seq < turns.row_seq"
          + " AND ahead.state IN " + UNFINISHED + ") END"
          + " AS queue_position";
  private final Db db;
  private final AgentStore agents;

  public TurnStore(Db db, AgentStore agents) {
    this.db = db;
    this.agents = agents;
  }

  /**
   * Writes a QUEUED turn after admission: the session takes turns, its agent is enabled and the
   * model is one the agent's model policy allows.
   */
  public Turn create(
      String workspaceId,
      String createdBy,
      String sessionId,
      String content,
      String model,
      MultitaskStrategy strategy) {
    return db.write(
        c -> {
          // 'reject' and 'interrupt' ask "is another turn unfinished?", so they serialize on the
          // session's row until this turn is written; 'enqueue' needs only that the session
          // stays open, and so does not wait for the session's running turn.
          Session session =
              SessionStore.findForNewTurn(
                      c, workspaceId, sessionId, strategy != MultitaskStrategy.ENQUEUE)
                  .orElseThrow(
                      () -> ResourceException.notFound("session", sessionId, "session_id"));
          if (session.state().isClosed()) {
            throw ResourceException.conflict(
                "session_closed",
                "Session '" + sessionId + "' is " + session.state() + " and takes no new turns.",
                "session_id");
          }
          Agent agent = agents.findShared(c, workspaceId, session.agentId()).orElseThrow();
          if (agent.state() == AgentState.ARCHIVED) {
            throw ResourceException.conflict(
                "agent_archived", "Agent '" + agent.id() + "' is archived.", "session_id");
          }
          String resolvedModel = ModelAdmission.resolve(agent.modelPolicy(), model);
          if (strategy == MultitaskStrategy.REJECT
              && SessionStore.hasUnfinishedTurns(c, workspaceId, sessionId)) {
            throw ResourceException.conflict(
                "session_busy",
                "Session '" + sessionId + "' has a turn queued or running;"
                    + " multitask_strategy 'reject' refuses another.",
                "session_id");
          }
          return Sql.one(
                  c,
                  "INSERT INTO turns (id, workspace_id, agent_id, session_id, input_content, model,"
                      + " created_by, state, decision_reason, usage_summary, multitask_strategy)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, 'QUEUED', ?, ?::jsonb, ?) RETURNING "
                      + COLUMNS,
                  TurnStore::map,
                  Ids.random("trn_"),
                  workspaceId,
                  agent.id(),
                  sessionId,
                  content,
                  resolvedModel,
                  createdBy,
                  "runner '" + agent.runnerType() + "' in mode 'worker'",
                  UsageSummary.zero(),
                  strategy.wireName())
              .orElseThrow();
        });
  }

  public Turn get(String workspaceId, String id, String param) {
    return db.read(c -> find(c, workspaceId, id))
        .orElseThrow(() -> ResourceException.notFound("turn", id, param));
  }

  public static Optional<Turn> find(Connection c, String workspaceId, String id)
      throws SQLException {
    return Sql.one(
        c,
        "SELECT " + COLUMNS + " FROM turns WHERE workspace_id = ? AND id = ?",
        TurnStore::map,
        workspaceId,
        id);
  }

  /** Reads the turn with a share lock: it cannot finish until the caller's transaction ends. */
  public static Optional<Turn> findShared(Connection c, String workspaceId, String id)
      throws SQLException {
    return Sql.one(
        c,
        "SELECT " + COLUMNS + " FROM turns WHERE workspace_id = ? AND id = ? FOR SHARE",
        TurnStore::map,
        workspaceId,
        id);
  }

  public Page<Turn> list(String workspaceId, String sessionId, PageRequest page) {
    return ResourceQuery.of(COLUMNS, "turns", workspaceId)
        .where("session_id", sessionId)
        .page(db, page, TurnStore::map);
  }

  /** A session's turns that have not finished, oldest first. */
  public List<Turn> unfinishedOf(String workspaceId, String sessionId) {
    return db.read(
        c ->
            Sql.list(
                c,
                "SELECT " + COLUMNS + " FROM turns WHERE workspace_id = ? AND session_id = ?"
                    + " AND state IN " + UNFINISHED
                    + " ORDER BY row_seq",
                TurnStore::map,
                workspaceId,
                sessionId));
  }

  /** Turns not yet finished that were created before {@code epochSeconds}: reconciliation input. */
  public List<Turn> unfinishedCreatedBefore(long epochSeconds) {
    return db.read(
        c ->
            Sql.list(
                c,
                "SELECT " + COLUMNS + " FROM turns"
                    + " WHERE state IN " + UNFINISHED
                    + " AND created_at < to_timestamp(?) ORDER BY row_seq",
                TurnStore::map,
                epochSeconds));
  }

  static Turn map(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    TurnState state = TurnState.valueOf(rs.getString("state"));
    String failureCode = rs.getString("failure_code");
    long queue = rs.getLong("queue_position");
    Integer queuePosition = rs.wasNull() ? null : (int) queue;
    return new Turn(
        id,
        rs.getString("workspace_id"),
        null,
        rs.getString("agent_id"),
        rs.getString("session_id"),
        new Turn.Input(rs.getString("input_content")),
        rs.getString("model"),
        rs.getString("created_by"),
        state,
        state,
        Sql.epoch(rs, "started_at"),
        Sql.epoch(rs, "completed_at"),
        rs.getString("decision_reason"),
        null,
        Sql.json(rs, "usage_summary"),
        failureCode == null ? null : new Failure(failureCode, rs.getString("failure_message")),
        Sql.epoch(rs, "created_at"),
        Sql.epoch(rs, "updated_at"),
        rs.getString("multitask_strategy"),
        queuePosition,
        // A queued turn's position changes as turns ahead of it end: so does its etag.
        Ids.etag(queuePosition == null ? id : id + "@" + queuePosition, rs.getInt("version")));
  }
}
