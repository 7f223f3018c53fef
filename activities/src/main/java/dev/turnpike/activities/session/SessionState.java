package dev.turnpike.activities.session;

public enum SessionState {
  CREATED,
  ACTIVE,
  WAITING_FOR_INPUT,
  WAITING_FOR_PERMISSION,
  COMPLETED,
  FAILED,
  CANCELLED,
  ARCHIVED;

  /** States in which the session takes no new turns. */
  public boolean isClosed() {
    return this == COMPLETED || this == CANCELLED || this == ARCHIVED;
  }
}
