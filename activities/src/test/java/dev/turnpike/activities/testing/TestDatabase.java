package dev.turnpike.activities.testing;

import dev.turnpike.activities.runtime.EmbeddedDatabase;
import dev.turnpike.activities.runtime.ExternalDatabase;
import dev.turnpike.activities.store.Ids;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The PostgreSQL that tests use: one per test JVM, a real server. Embedded (zonky) by default;
 * with TURNPIKE_TEST_DATABASE_URL set, a fresh database on that server. Tests isolate themselves
 * by creating their own workspaces, never by truncating.
 */
public final class TestDatabase {
  private static ExternalDatabase database;

  private TestDatabase() {}

  public static synchronized ExternalDatabase get() {
    if (database == null) {
      database = start();
    }
    return database;
  }

  private static ExternalDatabase start() {
    try {
      String external = System.getenv("TURNPIKE_TEST_DATABASE_URL");
      if (external != null && !external.isBlank()) {
        ExternalDatabase server = ExternalDatabase.parse(external, null, null);
        String name = "turnpike_test_" + Ids.randomChars(8).toLowerCase();
        ExternalDatabase db =
            new ExternalDatabase(
                server.jdbcUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1"),
                server.user(),
                server.password());
        db.createIfMissing();
        return db;
      }
      Path dir = Files.createTempDirectory("turnpike-test-pg");
      EmbeddedDatabase pg = EmbeddedDatabase.start(dir, "turnpike_test");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(pg)));
      return new ExternalDatabase(pg.jdbcUrl(), EmbeddedDatabase.USER, "");
    } catch (Exception e) {
      throw new IllegalStateException("could not start the test database", e);
    }
  }

  private static void closeQuietly(EmbeddedDatabase pg) {
    try {
      pg.close();
    } catch (Exception ignored) {
      // the JVM is exiting
    }
  }

  /** Micronaut properties for a context on the test database, with Flyway migrations. */
  public static Map<String, Object> properties() {
    ExternalDatabase db = get();
    Map<String, Object> props = new HashMap<>();
    props.put("datasources.default.url", db.jdbcUrl());
    props.put("datasources.default.driver-class-name", "org.postgresql.Driver");
    props.put("datasources.default.dialect", "POSTGRES");
    props.put("datasources.default.maximum-pool-size", 10);
    props.put("flyway.datasources.default.enabled", true);
    if (db.user() != null) {
      props.put("datasources.default.username", db.user());
    }
    props.put("datasources.default.password", db.password() == null ? "" : db.password());
    return props;
  }
}
