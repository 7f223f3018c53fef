package dev.turnpike.activities.runtime;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A configured PostgreSQL (TURNPIKE_DATABASE_URL). Accepts {@code jdbc:postgresql://…} and
 * {@code postgres://user:password@host:port/db}; creates the database when it is missing and the
 * user may.
 */
public record ExternalDatabase(String jdbcUrl, String user, String password) {

  public static ExternalDatabase parse(String url, String user, String password) {
    if (url.startsWith("jdbc:postgresql:")) {
      return new ExternalDatabase(url, user, password);
    }
    if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
      URI uri = URI.create(url);
      String u = user;
      String p = password;
      if (uri.getUserInfo() != null) {
        String[] info = uri.getUserInfo().split(":", 2);
        u = info[0];
        p = info.length > 1 ? info[1] : p;
      }
      String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
      int port = uri.getPort() < 0 ? 5432 : uri.getPort();
      return new ExternalDatabase(
          "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query, u, p);
    }
    throw new IllegalArgumentException(
        "TURNPIKE_DATABASE_URL must start with jdbc:postgresql:// or postgres://");
  }

  /** Connects once; if the database does not exist, creates it through the server's postgres db. */
  public void createIfMissing() throws SQLException {
    try (Connection ignored = DriverManager.getConnection(jdbcUrl, credentials())) {
      return;
    } catch (SQLException e) {
      if (!"3D000".equals(e.getSQLState())) {
        throw e;
      }
    }
    String name = databaseName();
    String adminUrl = jdbcUrl.replaceFirst("/" + java.util.regex.Pattern.quote(name) + "(\\?|$)", "/postgres$1");
    try (Connection c = DriverManager.getConnection(adminUrl, credentials())) {
      c.createStatement().execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
    }
  }

  private String databaseName() {
    String rest = jdbcUrl.substring("jdbc:postgresql://".length());
    String path = rest.substring(rest.indexOf('/') + 1);
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  private Properties credentials() {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    return props;
  }
}
