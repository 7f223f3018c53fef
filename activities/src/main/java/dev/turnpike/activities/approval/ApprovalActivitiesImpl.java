package dev.turnpike.activities.approval;

import dev.turnpike.activities.event.EventScope;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.activities.session.SessionState;
import dev.turnpike.activities.session.SessionStore;
import dev.turnpike.activities.store.Db;
import dev.turnpike.activities.store.Sql;
import dev.turnpike.workflows.approval.ApprovalActivities;
import dev.turnpike.workflows.approval.ApprovalDecision;
import dev.turnpike.workflows.approval.ApprovalResolution;
import dev.turnpike.workflows.approval.ApprovalWait;
import dev.turnpike.workflows.approval.Decision;
import dev.turnpike.workflows.turn.TurnStart;
import dev.turnpike.workflows.turn.TurnState;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

@Singleton
public class ApprovalActivitiesImpl implements ApprovalActivities {
  private final Db db;

  public ApprovalActivitiesImpl(Db db) {
    this.db = db;
  }

  @Override
  public void awaiting(ApprovalWait wait) {
    db.write(
        c -> {
          moveTurn(c, wait.turn(), TurnState.RUNNING, TurnState.WAITING_FOR_PERMISSION);
          SessionStore.setState(
              c, wait.turn().workspaceId(), wait.turn().sessionId(),
              SessionState.WAITING_FOR_PERMISSION);
          return null;
        });
  }

  @Override
  public void resolve(ApprovalResolution resolution) {
    TurnStart turn = resolution.turn();
    db.write(
        c -> {
          record(c, turn, resolution.decision());
          moveTurn(c, turn, TurnState.WAITING_FOR_PERMISSION, TurnState.RUNNING);
          SessionStore.setState(c, turn.workspaceId(), turn.sessionId(), SessionState.ACTIVE);
          return null;
        });
  }

  @Override
  public void cancelPending(TurnStart turn) {
    db.write(
        c -> {
          for (String id : ApprovalStore.pendingOf(c, turn.workspaceId(), turn.turnId())) {
            record(c, turn, new ApprovalDecision(id, Decision.CANCELLED, null, "turn cancelled"));
          }
          return null;
        });
  }

  private static void record(Connection c, TurnStart turn, ApprovalDecision decision)
      throws SQLException {
    var resolved = ApprovalStore.resolve(c, turn.workspaceId(), decision);
    if (resolved.isPresent()) {
      ApprovalRequest r = resolved.get();
      EventStore.append(
          c,
          new EventScope(r.workspaceId(), r.agentId(), r.sessionId(), r.turnId()),
          List.of(ApprovalEvents.resolved(r)));
    }
  }

  private static void moveTurn(Connection c, TurnStart turn, TurnState from, TurnState to)
      throws SQLException {
    Sql.update(
        c,
        "UPDATE turns SET state = ?, version = version + 1, updated_at = now()"
            + " WHERE workspace_id = ? AND id = ? AND state = ?",
        to,
        turn.workspaceId(),
        turn.turnId(),
        from);
  }
}
