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
    return transactions.executeWrite(status -> run(work, status.getConnection()));
  }

  public <T> T read(Work<T> work) {
    return transactions.executeRead(status -> run(work, status.getConnection()));
  }

  private static <T> T run(Work<T> work, Connection connection) {
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }
}
