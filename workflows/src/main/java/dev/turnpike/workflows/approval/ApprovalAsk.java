package dev.turnpike.workflows.approval;

/**
 * A runner step stopped at a gated action: the request is written (state PENDING) and the turn
 * waits for its decision, at most {@code timeoutSeconds}.
 */
public record ApprovalAsk(String approvalId, String action, long timeoutSeconds) {}
