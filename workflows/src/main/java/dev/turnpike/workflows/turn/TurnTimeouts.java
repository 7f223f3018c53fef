package dev.turnpike.workflows.turn;

import java.time.Duration;

/**
 * The timeouts and retry bounds of a turn's activities, from configuration. Defaults suit a
 * production worker; tests shorten them.
 */
public record TurnTimeouts(
    Duration runnerStepTimeout,
    Duration runnerHeartbeatTimeout,
    int runnerMaxAttempts,
    Duration retryInitialInterval,
    Duration retryMaxInterval,
    Duration bookkeepingTimeout) {

  public static TurnTimeouts defaults() {
    return new TurnTimeouts(
        Duration.ofHours(2),
        Duration.ofSeconds(15),
        5,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30));
  }
}
