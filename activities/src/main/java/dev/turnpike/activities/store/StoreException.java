package dev.turnpike.activities.store;

import java.sql.SQLException;

/** A database error that the caller cannot fix by changing its input. */
public class StoreException extends RuntimeException {
  public StoreException(SQLException cause) {
    super(cause.getMessage(), cause);
  }

  /** PostgreSQL's SQLSTATE, e.g. 23505 for a unique violation. */
  public String sqlState() {
    return ((SQLException) getCause()).getSQLState();
  }
}
