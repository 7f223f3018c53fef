package dev.turnpike.api.health;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.Map;

/**
 * Liveness and readiness in one: the HTTP server starts only after the database, the workflow
 * engine connection, the worker and reconciliation are ready, so a 200 here means turns are
 * accepted.
 */
@Controller("/health")
public class HealthController {
  @Get
  public Map<String, String> health() {
    return Map.of("status", "ok");
  }
}
