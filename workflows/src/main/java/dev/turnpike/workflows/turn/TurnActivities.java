package dev.turnpike.workflows.turn;

import io.temporal.activity.ActivityInterface;

/** Durable bookkeeping of a turn's lifecycle. Every method is idempotent. */
@ActivityInterface(namePrefix = "Turn")
public interface TurnActivities {

  /**
   * Marks the turn RUNNING, the session ACTIVE, and appends the user's input as the turn's first
   * event. Returns false when the turn already ended (e.g. reconciled as lost): nothing to run.
   */
  boolean begin(TurnStart turn);

  /** Records the outcome, appends the one terminal event and settles the session's state. */
  void finish(TurnFinish finish);
}
