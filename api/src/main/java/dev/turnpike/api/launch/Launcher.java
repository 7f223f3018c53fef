package dev.turnpike.api.launch;

import dev.turnpike.activities.runtime.DevTemporalServer;
import dev.turnpike.activities.runtime.EmbeddedDatabase;
import dev.turnpike.activities.runtime.ExternalDatabase;
import dev.turnpike.activities.sandbox.SandboxDeletions;
import dev.turnpike.activities.turn.TurnReconciler;
import dev.turnpike.activities.worker.Roles;
import dev.turnpike.api.event.EventHub;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Turnpike: PostgreSQL (embedded unless configured), Temporal (the in-process test server
 * unless configured), the Micronaut context with the worker, reconciliation (lost turns, archived
 * sessions' sandboxes still to delete), then HTTP.
 */
public final class Launcher {
  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

  private Launcher() {}

  public static RunningTurnpike launch(LaunchSettings settings) throws IOException, SQLException {
    Roles roles = Roles.parse(settings.roles());
    Deque<AutoCloseable> resources = new ArrayDeque<>();
    try {
      long startedAt = Instant.now().getEpochSecond();
      Map<String, Object> props = new HashMap<>();
      database(settings, resources, props);
      temporal(settings, resources, props);
      props.put("turnpike.temporal.namespace", settings.temporalNamespace());
      props.put("turnpike.temporal.task-queue", settings.taskQueue());
      props.put("turnpike.roles", settings.roles());
      props.put(
          "turnpike.sandboxes.root", settings.dataDir().resolve("sandboxes").toAbsolutePath());
      props.put("micronaut.server.port", settings.httpPort() == 0 ? -1 : settings.httpPort());
      props.putAll(settings.properties());

      ApplicationContext context =
          ApplicationContext.builder().deduceEnvironment(false).properties(props).start();
      resources.push(context);
      context.getBean(SandboxDeletions.class).resumePendingInBackground();
      Optional<String> generatedToken = Optional.empty();
      EmbeddedServer server = null;
      if (roles.api()) {
        generatedToken =
            context.getBean(TokenBootstrap.class).ensureAdminToken(settings.bootstrapToken());
        context.getBean(TurnReconciler.class).reconcileAtStartup(startedAt);
        context.getBean(EventHub.class).start();
        server = context.getBean(EmbeddedServer.class);
        server.start();
        resources.push(server::stop);
      }
      return new RunningTurnpike(context, server, generatedToken.orElse(null), resources);
    } catch (InterruptedException e) {
      RunningTurnpike.closeAll(resources);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    } catch (IOException | SQLException | RuntimeException e) {
      RunningTurnpike.closeAll(resources);
      throw e;
    }
  }

  private static void database(
      LaunchSettings settings, Deque<AutoCloseable> resources, Map<String, Object> props)
      throws IOException, SQLException {
    if (settings.databaseUrl() == null) {
      EmbeddedDatabase db =
          EmbeddedDatabase.start(settings.dataDir().resolve("postgres"), "turnpike");
      resources.push(db);
      LOG.info("Embedded PostgreSQL 17 on port {} with data in {}", db.port(),
          settings.dataDir().resolve("postgres").toAbsolutePath());
      props.put("datasources.default.url", db.jdbcUrl());
      props.put("datasources.default.username", EmbeddedDatabase.USER);
      props.put("datasources.default.password", "");
      return;
    }
    ExternalDatabase db =
        ExternalDatabase.parse(
            settings.databaseUrl(), settings.databaseUser(), settings.databasePassword());
    db.createIfMissing();
    props.put("datasources.default.url", db.jdbcUrl());
    if (db.user() != null) {
      props.put("datasources.default.username", db.user());
    }
    if (db.password() != null) {
      props.put("datasources.default.password", db.password());
    }
  }

  private static void temporal(
      LaunchSettings settings, Deque<AutoCloseable> resources, Map<String, Object> props) {
    if (settings.temporalAddress() != null) {
      props.put("turnpike.temporal.address", settings.temporalAddress());
      return;
    }
    DevTemporalServer server;
    try {
      server =
          DevTemporalServer.start(settings.temporalDevPort(), settings.temporalDevRetention());
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Could not start the in-process Temporal server on port " + settings.temporalDevPort()
              + " (is another Turnpike running? set TURNPIKE_TEMPORAL_DEV_PORT or TEMPORAL_ADDRESS)",
          e);
    }
    resources.push(server);
    LOG.warn(
        "No TEMPORAL_ADDRESS set: running Temporal's in-process test server on {}. Workflows live"
            + " in memory and DO NOT SURVIVE A RESTART; unfinished turns will be failed with"
            + " workflow_lost on the next start. Set TEMPORAL_ADDRESS for durable workflows.",
        server.address());
    props.put("turnpike.temporal.address", server.address());
    props.put("turnpike.temporal.in-process-name", server.inProcessName());
  }
}
