package dev.turnpike.workflows.turn;

import dev.turnpike.workflows.approval.ApprovalDecision;
import dev.turnpike.workflows.approval.DecideApproval;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One turn: admission, the runner loop, approvals of gated actions, the terminal event. Its
 * workflow id is the turn id. Cancelling the workflow cancels the turn.
 */
@WorkflowInterface
public interface TurnWorkflow {
  @WorkflowMethod
  TurnOutcome run(TurnStart start);

  /**
   * Decides the approval request the turn waits on and returns the decision recorded for it:
   * the first decision wins, and any later one (the same or the opposite) gets that one back.
   */
  @UpdateMethod
  ApprovalDecision decide(DecideApproval command);

  /** Refuses a decision on a request this turn is not waiting on and never decided. */
  @UpdateValidatorMethod(updateName = "decide")
  void validateDecide(DecideApproval command);

  @QueryMethod
  TurnProgress progress();
}
