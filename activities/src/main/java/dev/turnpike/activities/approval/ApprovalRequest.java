package dev.turnpike.activities.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.workflows.approval.Decision;

/** An approval request: a gated action waiting for (or past) a human decision. */
public record ApprovalRequest(
    String id,
    String workspaceId,
    String agentId,
    String sessionId,
    String turnId,
    String action,
    JsonNode details,
    ApprovalState state,
    long requestedAt,
    Long decidedAt,
    String decidedBy,
    String reason,
    long expiresAt,
    String etag) {

  /** PENDING, or the decision that ended it. */
  public enum ApprovalState {
    PENDING,
    APPROVED,
    REJECTED,
    EXPIRED,
    CANCELLED;

    public static ApprovalState of(Decision decision) {
      return valueOf(decision.name());
    }
  }
}
