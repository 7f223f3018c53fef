package dev.turnpike.api.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings from the environment, as an operator writes them. */
class LaunchSettingsTest {
  private static final String RETENTION = "TURNPIKE_TEMPORAL_DEV_RETENTION_SECONDS";

  @Test
  void keepsFinishedWorkflowsTenMinutesUnlessTold() {
    assertEquals(
        Duration.ofMinutes(10), LaunchSettings.fromEnvironment(Map.of()).temporalDevRetention());
    assertEquals(
        Duration.ofSeconds(3600),
        LaunchSettings.fromEnvironment(Map.of(RETENTION, " 3600 ")).temporalDevRetention());
  }

  @Test
  void refusesARetentionUnderAMinuteOrNotANumber() {
    for (String bad : new String[] {"59", "0", "-5", "10m", "abc"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> LaunchSettings.fromEnvironment(Map.of(RETENTION, bad)));
      assertTrue(e.getMessage().contains(RETENTION) && e.getMessage().contains("60 or more"),
          e.getMessage());
    }
  }
}
