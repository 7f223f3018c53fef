package dev.turnpike.activities.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.activities.approval.ApprovalRequest.ApprovalState;
import dev.turnpike.activities.store.Db;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.store.Page;
import dev.turnpike.activities.store.PageRequest;
import dev.turnpike.activities.store.ResourceException;
import dev.turnpike.activities.store.ResourceQuery;
import dev.turnpike.activities.store.Sql;
import dev.turnpike.activities.turn.Turn;
import dev.turnpike.workflows.approval.ApprovalDecision;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Approval requests in PostgreSQL. Only a PENDING request can change, and only once. */
@Singleton
public class ApprovalStore {
  static final String COLUMNS =
      "id, workspace_id, agent_id, session_id, turn_id, action, details, state, requested_at,"
          + " decided_at, decided_by, reason, expires_at, version";
  private final Db db;

  public ApprovalStore(Db db) {
    this.db = db;
  }

  /** The request's id for a turn's gated action at a runner position: the same on a retry. */
  public static String idFor(String turnId, String positionKey) {
    return Ids.derived("apr_", turnId, positionKey);
  }

  /** Writes the request if it does not exist yet; returns it as stored. */
  public static ApprovalRequest create(
      Connection c, Turn turn, String id, String action, JsonNode details, long timeoutSeconds)
      throws SQLException {
    Sql.update(
        c,
        "INSERT INTO approval_requests (id, workspace_id, agent_id, session_id, turn_id, action,"
            + " details, state, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, 'PENDING',"
            + " now() + make_interval(secs => ?)) ON CONFLICT (id) DO NOTHING",
        id,
        turn.workspaceId(),
        turn.agentId(),
        turn.sessionId(),
        turn.id(),
        action,
        details,
        timeoutSeconds);
    return find(c, turn.workspaceId(), id, "").orElseThrow();
  }

  public ApprovalRequest get(String workspaceId, String id) {
    return db.read(c -> find(c, workspaceId, id, ""))
        .orElseThrow(() -> ResourceException.notFound("approval request", id, "id"));
  }

  static Optional<ApprovalRequest> find(Connection c, String workspaceId, String id, String lock)
      throws SQLException {
    return Sql.one(
        c,
        "SELECT " + COLUMNS + " FROM approval_requests WHERE workspace_id = ? AND id = ?" + lock,
        ApprovalStore::map,
        workspaceId,
        id);
  }

  /** Newest first; each filter is optional. */
  public Page<ApprovalRequest> list(
      String workspaceId, String sessionId, String turnId, ApprovalState state, PageRequest page) {
    return ResourceQuery.of(COLUMNS, "approval_requests", workspaceId)
        .where("session_id", sessionId)
        .where("turn_id", turnId)
        .where("state", state == null ? null : state.name())
        .page(db, page, ApprovalStore::map);
  }

  /** Records the decision if the request is still PENDING; returns the request as it now is. */
  static Optional<ApprovalRequest> resolve(
      Connection c, String workspaceId, ApprovalDecision decision) throws SQLException {
    return Sql.one(
        c,
        "UPDATE approval_requests SET state = ?, decided_at = now(), decided_by = ?, reason = ?,"
            + " version = version + 1 WHERE workspace_id = ? AND id = ? AND state = 'PENDING'"
            + " RETURNING " + COLUMNS,
        ApprovalStore::map,
        ApprovalState.of(decision.decision()).name(),
        decision.decidedBy(),
        decision.reason(),
        workspaceId,
        decision.approvalId());
  }

  /** Ids of the turn's PENDING requests, locked for the caller's transaction. */
  static List<String> pendingOf(Connection c, String workspaceId, String turnId)
      throws SQLException {
    return Sql.list(
        c,
        "SELECT id FROM approval_requests WHERE workspace_id = ? AND turn_id = ?"
            + " AND state = 'PENDING' ORDER BY row_seq FOR UPDATE",
        rs -> rs.getString(1),
        workspaceId,
        turnId);
  }

  private static ApprovalRequest map(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    return new ApprovalRequest(
        id,
        rs.getString("workspace_id"),
        rs.getString("agent_id"),
        rs.getString("session_id"),
        rs.getString("turn_id"),
        rs.getString("action"),
        Sql.json(rs, "details"),
        ApprovalState.valueOf(rs.getString("state")),
        Sql.epoch(rs, "requested_at"),
        Sql.epoch(rs, "decided_at"),
        rs.getString("decided_by"),
        rs.getString("reason"),
        Sql.epoch(rs, "expires_at"),
        Ids.etag(id, rs.getInt("version")));
  }
}
