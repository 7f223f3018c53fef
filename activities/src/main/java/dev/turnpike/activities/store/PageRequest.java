package dev.turnpike.activities.store;

/** limit (1..100) and an optional position to continue after, both validated by the API. */
public record PageRequest(int limit, Long after) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 100;

  /** For newest-first resource lists: a row_seq bound no real row reaches. */
  public long beforeOrMax() {
    return after == null ? Long.MAX_VALUE : after;
  }

  public long afterOrZero() {
    return after == null ? 0 : after;
  }
}
