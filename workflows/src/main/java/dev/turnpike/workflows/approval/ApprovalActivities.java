package dev.turnpike.workflows.approval;

import dev.turnpike.workflows.turn.TurnStart;
import io.temporal.activity.ActivityInterface;

/** Durable bookkeeping of approval requests. Every method is idempotent. */
@ActivityInterface(namePrefix = "Approval")
public interface ApprovalActivities {
  /** Turn and session become WAITING_FOR_PERMISSION. */
  void awaiting(ApprovalWait wait);

  /**
   * Moves the request out of PENDING with the decision, appends {@code approval_request.resolved}
   * and puts the turn back to RUNNING. A request no longer PENDING is left as it is.
   */
  void resolve(ApprovalResolution resolution);

  /** Every PENDING request of the turn becomes CANCELLED (the turn is being cancelled). */
  void cancelPending(TurnStart turn);
}
