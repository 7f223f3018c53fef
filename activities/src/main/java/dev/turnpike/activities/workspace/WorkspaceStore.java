package dev.turnpike.activities.workspace;

import dev.turnpike.activities.store.Db;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.store.ResourceException;
import dev.turnpike.activities.store.Sql;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

@Singleton
public class WorkspaceStore {
  private static final String COLUMNS =
      "id, name, event_retention_days, created_at, updated_at, version";
  private final Db db;

  public WorkspaceStore(Db db) {
    this.db = db;
  }

  public Workspace create(String name, Integer eventRetentionDays) {
    String id = Ids.random("ws_");
    return db.write(
        c ->
            Sql.one(
                    c,
                    "INSERT INTO workspaces (id, name, event_retention_days) VALUES (?, ?, ?)"
                        + " RETURNING " + COLUMNS,
                    WorkspaceStore::map,
                    id,
                    name,
                    eventRetentionDays)
                .orElseThrow());
  }

  /**
   * Sets how many days sessions keep their events after their last turn (null: for ever). It
   * applies from each session's next finished turn on.
   */
  public Workspace setRetention(String id, Integer eventRetentionDays) {
    return db.write(
        c ->
            Sql.one(
                    c,
                    "UPDATE workspaces SET event_retention_days = ?, version = version + 1,"
                        + " updated_at = now() WHERE id = ? RETURNING " + COLUMNS,
                    WorkspaceStore::map,
                    eventRetentionDays,
                    id)
                .orElseThrow(() -> ResourceException.notFound("workspace", id, "id")));
  }

  public Optional<Workspace> find(String id) {
    return db.read(
        c -> Sql.one(c, "SELECT " + COLUMNS + " FROM workspaces WHERE id = ?", WorkspaceStore::map, id));
  }

  /** The workspace an admin token acts in when it names none; created on first use. */
  public Workspace defaultWorkspace() {
    return db.write(
        c -> {
          Sql.update(
              c,
              "INSERT INTO workspaces (id, name, is_default) VALUES (?, 'default', true)"
                  + " ON CONFLICT DO NOTHING",
              Ids.random("ws_"));
          return Sql.one(
                  c,
                  "SELECT " + COLUMNS + " FROM workspaces WHERE is_default",
                  WorkspaceStore::map)
              .orElseThrow();
        });
  }

  private static Workspace map(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    return new Workspace(
        id,
        rs.getString("name"),
        (Integer) rs.getObject("event_retention_days"),
        Sql.epoch(rs, "created_at"),
        Sql.epoch(rs, "updated_at"),
        Ids.etag(id, rs.getInt("version")));
  }
}
