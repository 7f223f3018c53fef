package dev.turnpike.activities.runtime;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A real PostgreSQL 17 run from zonky's binaries, with its data kept in a directory so it
 * survives a restart. Used when no TURNPIKE_DATABASE_URL is configured, and by tests.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  public static final String USER = "postgres";
  private final EmbeddedPostgres postgres;
  private final String database;

  private EmbeddedDatabase(EmbeddedPostgres postgres, String database) {
    this.postgres = postgres;
    this.database = database;
  }

  /** Starts PostgreSQL on a free port with its data under {@code dataDirectory}. */
  public static EmbeddedDatabase start(Path dataDirectory, String database) throws IOException {
    return start(dataDirectory, database, 0);
  }

  /** Starts PostgreSQL on {@code port} (0: a free one) with its data under {@code dataDirectory}. */
  public static EmbeddedDatabase start(Path dataDirectory, String database, int port)
      throws IOException {
    Files.createDirectories(dataDirectory);
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            .setServerConfig("max_connections", "200");
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres pg = builder.start();
    EmbeddedDatabase db = new EmbeddedDatabase(pg, database);
    db.createDatabaseIfMissing();
    return db;
  }

  private void createDatabaseIfMissing() throws IOException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
      if (!rs.next()) {
        c.createStatement().execute("CREATE DATABASE \"" + database + "\"");
      }
    } catch (SQLException e) {
      throw new IOException("could not create database " + database, e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
