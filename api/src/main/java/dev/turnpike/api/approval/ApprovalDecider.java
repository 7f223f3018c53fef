package dev.turnpike.api.approval;

import dev.turnpike.activities.approval.ApprovalRequest;
import dev.turnpike.activities.approval.ApprovalRequest.ApprovalState;
import dev.turnpike.activities.approval.ApprovalStore;
import dev.turnpike.api.http.ApiException;
import dev.turnpike.workflows.approval.DecideApproval;
import dev.turnpike.workflows.approval.Decision;
import dev.turnpike.workflows.turn.TurnWorkflow;
import io.micronaut.http.HttpStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import jakarta.inject.Singleton;

/**
 * Delivers an approver's decision to the turn's workflow as a Temporal update, so the answer
 * comes only once the workflow has accepted and recorded it. Exactly one decision wins: the same
 * decision again answers with the recorded request; the opposite one, or any decision on a
 * request that expired or was cancelled, is a 409 that names the recorded outcome.
 */
@Singleton
public class ApprovalDecider {
  private final ApprovalStore approvals;
  private final WorkflowClient client;

  public ApprovalDecider(ApprovalStore approvals, WorkflowClient client) {
    this.approvals = approvals;
    this.client = client;
  }

  public ApprovalRequest decide(String workspaceId, String id, Decision decision, String by,
      String reason) {
    ApprovalRequest request = approvals.get(workspaceId, id);
    if (request.state() == ApprovalState.PENDING) {
      TurnWorkflow turn = client.newWorkflowStub(TurnWorkflow.class, request.turnId());
      try {
        turn.decide(new DecideApproval(id, decision, by, reason));
      } catch (WorkflowUpdateException | WorkflowNotFoundException e) {
        // Refused: the turn is no longer waiting on it (it ended, or was cancelled meanwhile).
      } catch (WorkflowException e) {
        throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "workflow_engine_unavailable",
            "The workflow engine did not take the decision; nothing was decided. Try again.", null);
      }
      request = approvals.get(workspaceId, id);
    }
    return answer(request, decision);
  }

  private static ApprovalRequest answer(ApprovalRequest request, Decision asked) {
    if (request.state() == ApprovalState.of(asked)) {
      return request;
    }
    String recorded =
        request.state() == ApprovalState.PENDING
            ? "is not awaited by its turn any more"
            : "was already " + request.state()
                + (request.decidedBy() == null ? "" : " by " + request.decidedBy());
    throw new ApiException(HttpStatus.CONFLICT, "approval_already_decided",
        "Approval request '" + request.id() + "' " + recorded + "; it cannot be "
            + asked.name() + ".", "id");
  }
}
