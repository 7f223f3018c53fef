package dev.turnpike.workflows.sandbox;

import io.temporal.workflow.Workflow;

public class SandboxDeletionWorkflowImpl implements SandboxDeletionWorkflow {
  private final SandboxActivities sandboxes = Workflow.newActivityStub(SandboxActivities.class);

  @Override
  public void delete(SandboxDeletion request) {
    sandboxes.deleteArchived(request);
  }
}
