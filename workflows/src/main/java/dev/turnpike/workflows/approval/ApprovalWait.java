package dev.turnpike.workflows.approval;

import dev.turnpike.workflows.turn.TurnStart;

/** The turn now waits for a decision on {@code approvalId}. */
public record ApprovalWait(TurnStart turn, String approvalId) {}
