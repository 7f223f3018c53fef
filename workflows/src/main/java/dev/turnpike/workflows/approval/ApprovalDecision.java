package dev.turnpike.workflows.approval;

/** The decision recorded for a request; {@code decidedBy} is null when it expired. */
public record ApprovalDecision(
    String approvalId, Decision decision, String decidedBy, String reason) {

  public boolean approved() {
    return decision == Decision.APPROVED;
  }
}
