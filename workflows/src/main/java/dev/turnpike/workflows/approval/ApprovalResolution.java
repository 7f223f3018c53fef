package dev.turnpike.workflows.approval;

import dev.turnpike.workflows.turn.TurnStart;

/** Records {@code decision} for a turn's pending request; the turn goes back to RUNNING. */
public record ApprovalResolution(TurnStart turn, ApprovalDecision decision) {}
