package dev.turnpike.activities.agent;

import dev.turnpike.activities.store.Db;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.store.Page;
import dev.turnpike.activities.store.PageRequest;
import dev.turnpike.activities.store.ResourceException;
import dev.turnpike.activities.store.Sql;
import dev.turnpike.activities.store.UsageSummary;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

@Singleton
public class AgentStore {
  private static final String COLUMNS =
      "id, workspace_id, name, description, instructions, state, origin, capabilities, ambient,"
          + " model_policy, runner, approval_timeout_seconds, created_by, usage_summary, created_at, updated_at, version,"
          + " row_seq";
  private final Db db;

  public AgentStore(Db db) {
    this.db = db;
  }

  public Agent create(String workspaceId, String createdBy, AgentFields f) {
    return db.write(
        c ->
            Sql.one(
                    c,
                    "INSERT INTO agents (id, workspace_id, name, description, instructions, state,"
                        + " origin, capabilities, ambient, model_policy, runner,"
                        + " approval_timeout_seconds, created_by, usage_summary) VALUES (?, ?, ?,"
                        + " ?, ?, 'ENABLED', 'USER', ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb,"
                        + " COALESCE(?, 86400), ?, ?::jsonb) RETURNING "
                        + COLUMNS,
                    AgentStore::map,
                    Ids.random("agt_"),
                    workspaceId,
                    f.name(),
                    f.description(),
                    f.instructions(),
                    f.capabilities(),
                    f.ambient(),
                    f.modelPolicy(),
                    f.runner(),
                    f.approvalTimeoutSeconds(),
                    createdBy,
                    UsageSummary.zero())
                .orElseThrow());
  }

  public Optional<Agent> find(String workspaceId, String id) {
    return db.read(c -> find(c, workspaceId, id, ""));
  }

  public Agent get(String workspaceId, String id, String param) {
    return find(workspaceId, id).orElseThrow(() -> ResourceException.notFound("agent", id, param));
  }

  /**
   * Reads the agent inside the caller's transaction (a session or turn insert) with a key-share
   * lock: it cannot be archived (which takes {@code FOR UPDATE}) until that transaction ends,
   * while the usage every ending turn adds to the agent's row (a non-key update) does not wait
   * for it, nor it for them.
   */
  public Optional<Agent> findShared(Connection c, String workspaceId, String id)
      throws SQLException {
    return find(c, workspaceId, id, " FOR KEY SHARE");
  }

  private static Optional<Agent> find(Connection c, String workspaceId, String id, String lock)
      throws SQLException {
    return Sql.one(
        c,
        "SELECT " + COLUMNS + " FROM agents WHERE workspace_id = ? AND id = ?" + lock,
        AgentStore::map,
        workspaceId,
        id);
  }

  public Page<Agent> list(String workspaceId, PageRequest page) {
    return db.read(
        c ->
            Page.ofKeyed(
                Sql.list(
                    c,
                    "SELECT " + COLUMNS + " FROM agents WHERE workspace_id = ? AND row_seq < ?"
                        + " ORDER BY row_seq DESC LIMIT ?",
                    rs -> new Page.Keyed<>(rs.getLong("row_seq"), map(rs)),
                    workspaceId,
                    page.beforeOrMax(),
                    page.limit() + 1),
                page.limit()));
  }

  /** Applies {@code changes} if the agent's etag is still {@code ifMatch}. */
  public Agent update(String workspaceId, String id, String ifMatch, AgentFields changes) {
    return db.write(
        c -> {
          Agent current =
              find(c, workspaceId, id, " FOR UPDATE")
                  .orElseThrow(() -> ResourceException.notFound("agent", id, "id"));
          if (current.state() == AgentState.ARCHIVED) {
            throw ResourceException.conflict(
                "agent_archived", "Agent '" + id + "' is archived and cannot change.", "id");
          }
          if (!current.etag().equals(ifMatch)) {
            throw new ResourceException(
                ResourceException.Kind.PRECONDITION_FAILED,
                "etag_mismatch",
                "The agent changed since etag '" + ifMatch + "'; its etag is now '"
                    + current.etag() + "'.",
                "If-Match");
          }
          return Sql.one(
                  c,
                  "UPDATE agents SET name = COALESCE(?, name),"
                      + " description = CASE WHEN ? THEN ? ELSE description END,"
                      + " instructions = COALESCE(?, instructions),"
                      + " capabilities = COALESCE(?::jsonb, capabilities),"
                      + " model_policy = COALESCE(?::jsonb, model_policy),"
                      + " ambient = COALESCE(?::jsonb, ambient),"
                      + " runner = COALESCE(?::jsonb, runner),"
                      + " approval_timeout_seconds = COALESCE(?, approval_timeout_seconds),"
                      + " version = version + 1, updated_at = now()"
                      + " WHERE workspace_id = ? AND id = ? RETURNING "
                      + COLUMNS,
                  AgentStore::map,
                  changes.name(),
                  changes.descriptionSet(),
                  changes.description(),
                  changes.instructions(),
                  changes.capabilities(),
                  changes.modelPolicy(),
                  changes.ambient(),
                  changes.runner(),
                  changes.approvalTimeoutSeconds(),
                  workspaceId,
                  id)
              .orElseThrow();
        });
  }

  /** Archives the agent; archiving an archived agent changes nothing. */
  public Agent archive(String workspaceId, String id) {
    return db.write(
        c -> {
          // FOR UPDATE waits for the session and turn inserts that hold a key-share lock, and
          // makes the ones after it see the archived state.
          find(c, workspaceId, id, " FOR UPDATE");
          Sql.update(
              c,
              "UPDATE agents SET state = 'ARCHIVED', version = version + 1, updated_at = now()"
                  + " WHERE workspace_id = ? AND id = ? AND state <> 'ARCHIVED'",
              workspaceId,
              id);
          return find(c, workspaceId, id, "")
              .orElseThrow(() -> ResourceException.notFound("agent", id, "id"));
        });
  }

  private static Agent map(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    return new Agent(
        id,
        rs.getString("workspace_id"),
        null,
        rs.getString("name"),
        rs.getString("description"),
        rs.getString("instructions"),
        AgentState.valueOf(rs.getString("state")),
        rs.getString("origin"),
        Sql.json(rs, "capabilities"),
        Sql.json(rs, "ambient"),
        Sql.json(rs, "model_policy"),
        Sql.json(rs, "runner"),
        rs.getInt("approval_timeout_seconds"),
        rs.getString("created_by"),
        Sql.json(rs, "usage_summary"),
        Sql.epoch(rs, "created_at"),
        Sql.epoch(rs, "updated_at"),
        Ids.etag(id, rs.getInt("version")));
  }
}
