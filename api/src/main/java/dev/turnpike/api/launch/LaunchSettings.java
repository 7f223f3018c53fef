package dev.turnpike.api.launch;

import dev.turnpike.activities.runtime.DevTemporalServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the launcher needs, read from the environment (see docs/operations.md). {@code
 * properties} are extra Micronaut properties, e.g. shorter timeouts in tests.
 */
public record LaunchSettings(
    int httpPort,
    Path dataDir,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    String temporalAddress,
    int temporalDevPort,
    Duration temporalDevRetention,
    String temporalNamespace,
    String taskQueue,
    String roles,
    String bootstrapToken,
    Map<String, Object> properties) {

  public static LaunchSettings fromEnvironment(Map<String, String> env) {
    return new LaunchSettings(
        port(env, "TURNPIKE_HTTP_PORT", 8080),
        Path.of(env.getOrDefault("TURNPIKE_DATA_DIR", ".turnpike")),
        blankToNull(env.get("TURNPIKE_DATABASE_URL")),
        blankToNull(env.get("TURNPIKE_DATABASE_USER")),
        blankToNull(env.get("TURNPIKE_DATABASE_PASSWORD")),
        blankToNull(env.get("TEMPORAL_ADDRESS")),
        port(env, "TURNPIKE_TEMPORAL_DEV_PORT", 7233),
        retention(env, "TURNPIKE_TEMPORAL_DEV_RETENTION_SECONDS"),
        env.getOrDefault("TEMPORAL_NAMESPACE", "default"),
        env.getOrDefault("TURNPIKE_TASK_QUEUE", "turnpike"),
        env.getOrDefault("TURNPIKE_ROLES", "api,worker"),
        blankToNull(env.get("TURNPIKE_BOOTSTRAP_TOKEN")),
        Map.of());
  }

  public LaunchSettings withProperties(Map<String, Object> extra) {
    Map<String, Object> merged = new HashMap<>(properties);
    merged.putAll(extra);
    return new LaunchSettings(
        httpPort, dataDir, databaseUrl, databaseUser, databasePassword, temporalAddress,
        temporalDevPort, temporalDevRetention, temporalNamespace, taskQueue, roles, bootstrapToken,
        Map.copyOf(merged));
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(v.strip());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number (0-65535), not '" + v + "'");
    }
  }

  /** At least a minute, so that nothing the server is still doing for a workflow is dropped. */
  private static Duration retention(Map<String, String> env, String name) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return DevTemporalServer.DEFAULT_RETENTION;
    }
    try {
      long seconds = Long.parseLong(v.strip());
      if (seconds < 60) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a whole number of seconds, 60 or more, not '" + v + "'");
    }
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }
}
