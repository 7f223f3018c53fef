package dev.turnpike.activities.store;

import io.micronaut.data.connection.exceptions.ConnectionException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** A database error that the caller cannot fix by changing its input. */
public class StoreException extends RuntimeException {
  private static final String CONNECTION_FAILURE = "08006";

  public StoreException(SQLException cause) {
    super(cause.getMessage(), cause);
  }

  /**
   * The StoreException for a failure to reach PostgreSQL at all (the server is down or
   * restarting, or so busy that no pooled connection came free in time), found anywhere in
   * {@code e}'s causes; empty for any other failure. The API answers these with a 503.
   */
  public static java.util.Optional<StoreException> ifUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && isOutage(sql.getSQLState())) {
        return java.util.Optional.of(new StoreException(sql));
      }
      if (t instanceof SQLTransientConnectionException busy) {
        // No pooled connection came free in time: the database is overloaded or away.
        return java.util.Optional.of(
            new StoreException(new SQLException(busy.getMessage(), CONNECTION_FAILURE, busy)));
      }
      if (t instanceof ConnectionException) {
        // A pooled connection that died with the server ("Connection is closed", no SQLSTATE).
        return java.util.Optional.of(
            new StoreException(new SQLException(t.getMessage(), CONNECTION_FAILURE, t)));
      }
    }
    return java.util.Optional.empty();
  }

  /** SQLSTATE classes that mean "no database right now": connection failures, shutdowns. */
  public static boolean isOutage(String sqlState) {
    return sqlState != null
        && (sqlState.startsWith("08") || sqlState.startsWith("57P") || sqlState.equals("53300"));
  }

  /** PostgreSQL's SQLSTATE, e.g. 23505 for a unique violation. */
  public String sqlState() {
    return ((SQLException) getCause()).getSQLState();
  }
}
