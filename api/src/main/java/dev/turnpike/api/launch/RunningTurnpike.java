package dev.turnpike.api.launch;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Deque;
import org.slf4j.LoggerFactory;

/** A started Turnpike; closing it stops everything it started, newest first. */
public final class RunningTurnpike implements AutoCloseable {
  private final ApplicationContext context;
  private final EmbeddedServer server;
  private final String generatedAdminToken;
  private final Deque<AutoCloseable> resources;

  RunningTurnpike(
      ApplicationContext context,
      EmbeddedServer server,
      String generatedAdminToken,
      Deque<AutoCloseable> resources) {
    this.context = context;
    this.server = server;
    this.generatedAdminToken = generatedAdminToken;
    this.resources = resources;
  }

  public ApplicationContext context() {
    return context;
  }

  /** The HTTP base URL, e.g. {@code http://localhost:8080}; null without the api role. */
  public String url() {
    return server == null ? null : "http://localhost:" + server.getPort();
  }

  /** The admin token created at this start, or null if one already existed or was configured. */
  public String generatedAdminToken() {
    return generatedAdminToken;
  }

  @Override
  public void close() {
    closeAll(resources);
  }

  static void closeAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      AutoCloseable r = resources.pop();
      try {
        r.close();
      } catch (Exception e) {
        LoggerFactory.getLogger(RunningTurnpike.class).warn("Error while stopping {}", r, e);
      }
    }
  }
}
