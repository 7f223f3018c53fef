package dev.turnpike.workflows.approval;

/** An approver's decision, sent to the turn's workflow as an update: APPROVED or REJECTED. */
public record DecideApproval(
    String approvalId, Decision decision, String decidedBy, String reason) {}
