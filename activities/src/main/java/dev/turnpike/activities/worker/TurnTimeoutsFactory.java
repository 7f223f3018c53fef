package dev.turnpike.activities.worker;

import dev.turnpike.workflows.turn.TurnTimeouts;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Activity timeouts and retry bounds from configuration ({@code turnpike.activities.*}). */
@Factory
public class TurnTimeoutsFactory {
  @Singleton
  TurnTimeouts turnTimeouts(
      @Value("${turnpike.activities.runner-step-timeout:2h}") Duration runnerStepTimeout,
      @Value("${turnpike.activities.runner-heartbeat-timeout:15s}") Duration heartbeatTimeout,
      @Value("${turnpike.activities.runner-max-attempts:5}") int maxAttempts,
      @Value("${turnpike.activities.retry-initial-interval:1s}") Duration initialInterval,
      @Value("${turnpike.activities.retry-max-interval:30s}") Duration maxInterval,
      @Value("${turnpike.activities.bookkeeping-timeout:30s}") Duration bookkeepingTimeout) {
    return new TurnTimeouts(
        runnerStepTimeout,
        heartbeatTimeout,
        maxAttempts,
        initialInterval,
        maxInterval,
        bookkeepingTimeout);
  }
}
