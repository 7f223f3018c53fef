package dev.turnpike.activities.store;

import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs units of JDBC work: writes in a transaction, reads of one statement on a pooled connection
 * in autocommit mode. The only way the stores reach PostgreSQL.
 */
@Singleton
public class Db {
  private final TransactionOperations<Connection> transactions;
  private final ConnectionOperations<Connection> connections;

  public Db(
      TransactionOperations<Connection> transactions,
      ConnectionOperations<Connection> connections) {
    this.transactions = transactions;
    this.connections = connections;
  }

  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  public <T> T write(Work<T> work) {
    try {
      return transactions.executeWrite(status -> run(work, status.getConnection()));
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw StoreException.ifUnreachable(e).orElseThrow(() -> e);
    }
  }

  /**
   * Runs a read of <em>one</em> statement, outside a transaction: a {@code BEGIN READ ONLY} and a
   * {@code COMMIT} around it would be two more round trips for nothing. Work whose statements
   * must see one snapshot goes through {@link #write}. Inside a caller's transaction, the read
   * joins it.
   */
  public <T> T read(Work<T> work) {
    try {
      return connections.executeRead(status -> run(work, status.getConnection()));
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw StoreException.ifUnreachable(e).orElseThrow(() -> e);
    }
  }

  private static <T> T run(Work<T> work, Connection connection) {
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }
}
