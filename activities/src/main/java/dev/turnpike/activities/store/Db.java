package dev.turnpike.activities.store;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;

/** Runs units of JDBC work in a transaction. The only way the stores reach PostgreSQL. */
@Singleton
public class Db {
  private final TransactionOperations<Connection> transactions;

  public Db(TransactionOperations<Connection> transactions) {
    this.transactions = transactions;
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

  public <T> T read(Work<T> work) {
    try {
      return transactions.executeRead(status -> run(work, status.getConnection()));
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
