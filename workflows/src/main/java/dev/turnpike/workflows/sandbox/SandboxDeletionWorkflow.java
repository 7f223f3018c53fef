package dev.turnpike.workflows.sandbox;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Deletes an archived session's sandbox on whichever worker takes the task (workers share {@code
 * turnpike.sandboxes.root}). One per session: its id is {@link #workflowId}, so starting it twice
 * is harmless.
 */
@WorkflowInterface
public interface SandboxDeletionWorkflow {
  static String workflowId(String sessionId) {
    return "sbxdel_" + sessionId;
  }

  @WorkflowMethod
  void delete(SandboxDeletion request);
}
