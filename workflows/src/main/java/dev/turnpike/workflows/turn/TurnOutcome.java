package dev.turnpike.workflows.turn;

/** How a turn ended. {@code failure} is set only when {@code state} is FAILED. */
public record TurnOutcome(TurnState state, Failure failure) {
  public static TurnOutcome completed() {
    return new TurnOutcome(TurnState.COMPLETED, null);
  }

  public static TurnOutcome cancelled() {
    return new TurnOutcome(TurnState.CANCELLED, null);
  }

  public static TurnOutcome failed(Failure failure) {
    return new TurnOutcome(TurnState.FAILED, failure);
  }
}
