package dev.turnpike.workflows.turn;

public enum TurnState {
  QUEUED,
  RUNNING,
  WAITING_FOR_PERMISSION,
  COMPLETED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
