package dev.turnpike.activities.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.activities.event.EventData;
import dev.turnpike.activities.event.EventScope;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.activities.event.NewEvent;
import dev.turnpike.activities.session.SessionState;
import dev.turnpike.activities.store.Db;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.store.Sql;
import dev.turnpike.activities.turn.Turn;
import dev.turnpike.workflows.sandbox.SandboxActivities;
import dev.turnpike.workflows.sandbox.SandboxDeletion;
import io.micronaut.context.annotation.Value;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Sessions' execution environments. A session gets its sandbox (a directory under
 * {@code turnpike.sandboxes.root}, id {@code sbx_…}) the first time a runner needs it, and the
 * session's {@code current_sandbox_id} names it. Events, each once: {@code
 * execution_environment.started} when it is created, {@code .resumed} when a later turn opens it,
 * {@code .stopped} when such a turn ends, {@code .deleted} once the session is archived and its
 * directory is gone, {@code .failed} if it cannot be created (or deleted).
 */
@Singleton
public class ExecutionEnvironments implements SandboxActivities {
  public static final String UNAVAILABLE = "SandboxUnavailable";
  private static final String PREFIX = "execution_environment.";
  private final Db db;
  private final Path root;

  public ExecutionEnvironments(
      Db db,
      @Value("${turnpike.sandboxes.root:}") String root) {
    this.db = db;
    this.root =
        root.isBlank()
            ? Path.of(System.getProperty("java.io.tmpdir"), "turnpike-sandboxes")
            : Path.of(root);
  }

  /** Opens the turn's session sandbox, creating it on first use. */
  public Sandbox open(Turn turn) {
    String id = Ids.derived("sbx_", turn.sessionId());
    Path dir = root.resolve(id);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      record(scope(turn), id, "failed", eventId(id, turn.id(), "failed"), e.getMessage());
      throw ApplicationFailure.newNonRetryableFailure(
          "the session's sandbox could not be created: " + e.getMessage(), UNAVAILABLE);
    }
    db.write(
        c -> {
          boolean created =
              Sql.update(
                      c,
                      "UPDATE sessions SET current_sandbox_id = ?, version = version + 1,"
                          + " updated_at = now() WHERE workspace_id = ? AND id = ?"
                          + " AND current_sandbox_id IS NULL",
                      id,
                      turn.workspaceId(),
                      turn.sessionId())
                  == 1;
          append(c, scope(turn), id, created ? "started" : "resumed",
              eventId(id, turn.id(), "opened"), null);
          return null;
        });
    return new Sandbox(id, dir);
  }

  /** At the end of a turn that opened the sandbox: {@code execution_environment.stopped}. */
  public static void stopIfOpened(Connection c, Turn turn) throws SQLException {
    String sandboxId =
        Sql.one(
                c,
                "SELECT current_sandbox_id FROM sessions WHERE workspace_id = ? AND id = ?"
                    + " AND current_sandbox_id IS NOT NULL",
                rs -> rs.getString(1),
                turn.workspaceId(),
                turn.sessionId())
            .orElse(null);
    if (sandboxId == null) {
      return;
    }
    boolean opened =
        Sql.one(
                c,
                "SELECT 1 FROM events WHERE id = ?",
                rs -> Boolean.TRUE,
                eventId(sandboxId, turn.id(), "opened"))
            .isPresent();
    if (opened) {
      append(c, scope(turn), sandboxId, "stopped", eventId(sandboxId, turn.id(), "stopped"), null);
    }
  }

  private record Owner(String agentId, String sandboxId) {}

  /**
   * The activity: deletes an archived session's sandbox, the directory first, then {@code
   * current_sandbox_id} and {@code execution_environment.deleted} in one transaction. A retry
   * after either step finishes the job without a second event; a session that is not archived or
   * has no sandbox is left alone. A directory that cannot be deleted is reported once ({@code
   * .failed}) and the error thrown, so the activity is retried.
   */
  @Override
  public void deleteArchived(SandboxDeletion request) {
    String workspaceId = request.workspaceId();
    String sessionId = request.sessionId();
    Owner owner =
        db.read(
                c ->
                    Sql.one(
                        c,
                        "SELECT agent_id, current_sandbox_id FROM sessions WHERE workspace_id = ?"
                            + " AND id = ? AND state = ? AND current_sandbox_id IS NOT NULL",
                        rs -> new Owner(rs.getString(1), rs.getString(2)),
                        workspaceId,
                        sessionId,
                        SessionState.ARCHIVED))
            .orElse(null);
    if (owner == null) {
      return;
    }
    String id = owner.sandboxId();
    EventScope scope = new EventScope(workspaceId, owner.agentId(), sessionId, null);
    try {
      DirectoryTree.delete(root.resolve(id));
    } catch (IOException e) {
      record(scope, id, "failed", eventId(id, "delete", "failed"), e.getMessage());
      throw new UncheckedIOException("the sandbox " + id + " could not be deleted", e);
    }
    db.write(
        c -> {
          if (Sql.update(
                  c,
                  "UPDATE sessions SET current_sandbox_id = NULL, version = version + 1,"
                      + " updated_at = now() WHERE workspace_id = ? AND id = ?"
                      + " AND current_sandbox_id = ?",
                  workspaceId,
                  sessionId,
                  id)
              == 1) {
            append(c, scope, id, "deleted", eventId(id, "delete", "deleted"), null);
          }
          return null;
        });
  }

  private void record(EventScope scope, String sandboxId, String what, String id, String error) {
    db.write(
        c -> {
          append(c, scope, sandboxId, what, id, error);
          return null;
        });
  }

  private static EventScope scope(Turn turn) {
    return new EventScope(turn.workspaceId(), turn.agentId(), turn.sessionId(), turn.id());
  }

  private static void append(
      Connection c, EventScope scope, String sandboxId, String what, String id, String error)
      throws SQLException {
    ObjectNode data = EventData.object().put("sandbox_id", sandboxId).put("kind", "directory");
    if (error != null) {
      data.put("error", error);
    }
    EventStore.append(c, scope, List.of(new NewEvent(id, PREFIX + what, data)));
  }

  private static String eventId(String sandboxId, String scopeKey, String key) {
    return Ids.derived("evt_", sandboxId, scopeKey, key);
  }
}
