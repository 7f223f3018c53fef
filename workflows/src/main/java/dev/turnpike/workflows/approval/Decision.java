package dev.turnpike.workflows.approval;

/** How an approval request ended. Only APPROVED lets the gated action run. */
public enum Decision {
  APPROVED,
  REJECTED,
  EXPIRED,
  CANCELLED
}
