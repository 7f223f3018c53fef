package dev.turnpike.activities.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A newest-first page of one workspace's resources with optional equality filters: {@code
 * ResourceQuery.of(columns, "sessions", ws).where("agent_role", role).page(db, page, mapper)}.
 * A null filter value means "any". The table needs {@code workspace_id} and {@code row_seq}.
 */
public final class ResourceQuery {
  private final StringBuilder sql;
  private final List<Object> params = new ArrayList<>();

  private ResourceQuery(String columns, String table, String workspaceId) {
    this.sql =
        new StringBuilder("SELECT " + columns + ", row_seq FROM " + table + " WHERE workspace_id = ?");
    params.add(workspaceId);
  }

  public static ResourceQuery of(String columns, String table, String workspaceId) {
    return new ResourceQuery(columns, table, workspaceId);
  }

  public ResourceQuery where(String column, Object value) {
    if (value != null) {
      sql.append(" AND ").append(column).append(" = ?");
      params.add(value);
    }
    return this;
  }

  public ResourceQuery whereNot(String column, Object value) {
    if (value != null) {
      sql.append(" AND ").append(column).append(" <> ?");
      params.add(value);
    }
    return this;
  }

  public <T> Page<T> page(Db db, PageRequest page, Sql.RowMapper<T> mapper) {
    String query = sql + " AND row_seq < ? ORDER BY row_seq DESC LIMIT ?";
    List<Object> all = new ArrayList<>(params);
    all.add(page.beforeOrMax());
    all.add(page.limit() + 1);
    return db.read(
        c ->
            Page.ofKeyed(
                Sql.list(
                    c,
                    query,
                    rs -> new Page.Keyed<>(rs.getLong("row_seq"), mapper.map(rs)),
                    all.toArray()),
                page.limit()));
  }
}
