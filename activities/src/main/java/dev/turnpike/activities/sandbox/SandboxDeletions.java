package dev.turnpike.activities.sandbox;

import dev.turnpike.activities.session.Session;
import dev.turnpike.activities.session.SessionState;
import dev.turnpike.activities.store.Db;
import dev.turnpike.activities.store.Sql;
import dev.turnpike.workflows.sandbox.SandboxDeletion;
import dev.turnpike.workflows.sandbox.SandboxDeletionWorkflow;
import io.micronaut.context.annotation.Value;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands archived sessions' sandboxes to {@link SandboxDeletionWorkflow}, which deletes them on a
 * worker: the node that archives may not see the sandboxes' disk. Starts happen in the background,
 * so an archive never waits for Temporal; one that fails (Temporal unreachable) is made up for
 * when a Turnpike process next starts, by {@link #resumePendingInBackground}.
 */
@Singleton
public class SandboxDeletions {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxDeletions.class);
  private final WorkflowClient client;
  private final Db db;
  private final String taskQueue;

  public SandboxDeletions(
      WorkflowClient client,
      Db db,
      @Value("${turnpike.temporal.task-queue:turnpike}") String taskQueue) {
    this.client = client;
    this.db = db;
    this.taskQueue = taskQueue;
  }

  /** After an archive: deletes the session's sandbox, if it has one. */
  public void afterArchive(Session session) {
    if (session.state() != SessionState.ARCHIVED || session.currentSandboxId() == null) {
      return;
    }
    SandboxDeletion deletion = new SandboxDeletion(session.workspaceId(), session.id());
    Thread.ofVirtual().name("turnpike-sandbox-deletion").start(() -> startLogged(List.of(deletion)));
  }

  /**
   * Starts the deletion of every archived session's sandbox that is still there: its start
   * failed, or its workflow was lost with an in-process Temporal server. Deletions already
   * running are left as they are.
   */
  public void resumePendingInBackground() {
    Thread.ofVirtual()
        .name("turnpike-sandbox-deletion-resume")
        .start(
            () -> {
              try {
                startLogged(pending());
              } catch (RuntimeException e) {
                LOG.warn("Could not look for archived sessions' sandboxes: {}", e.getMessage());
              }
            });
  }

  private List<SandboxDeletion> pending() {
    return db.read(
        c ->
            Sql.list(
                c,
                "SELECT workspace_id, id FROM sessions WHERE state = ?"
                    + " AND current_sandbox_id IS NOT NULL",
                rs -> new SandboxDeletion(rs.getString(1), rs.getString(2)),
                SessionState.ARCHIVED));
  }

  /** Starts each deletion; stops at the first failure, which later ones would share. */
  private void startLogged(List<SandboxDeletion> deletions) {
    for (SandboxDeletion deletion : deletions) {
      try {
        start(deletion);
      } catch (RuntimeException e) {
        LOG.warn(
            "Could not start deleting the sandbox of session {}; it is retried when a Turnpike"
                + " process next starts: {}",
            deletion.sessionId(),
            e.getMessage());
        return;
      }
    }
  }

  private void start(SandboxDeletion deletion) {
    SandboxDeletionWorkflow workflow =
        client.newWorkflowStub(
            SandboxDeletionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(SandboxDeletionWorkflow.workflowId(deletion.sessionId()))
                .setTaskQueue(taskQueue)
                .build());
    try {
      WorkflowClient.start(workflow::delete, deletion);
    } catch (WorkflowExecutionAlreadyStarted e) {
      // Archived twice, or resumed while the first deletion still runs: one is enough.
    }
  }
}
