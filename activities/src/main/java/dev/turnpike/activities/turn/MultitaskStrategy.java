package dev.turnpike.activities.turn;

import java.util.Locale;
import java.util.Optional;

/** What a new turn does when its session already has a turn queued or running. */
public enum MultitaskStrategy {
  /** Runs after the turns already submitted, in order (the default). */
  ENQUEUE,
  /** Refused with 409 session_busy. */
  REJECT,
  /** The unfinished turns ahead of it are cancelled, so it runs next. */
  INTERRUPT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<MultitaskStrategy> fromWire(String value) {
    for (MultitaskStrategy s : values()) {
      if (s.wireName().equals(value)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
