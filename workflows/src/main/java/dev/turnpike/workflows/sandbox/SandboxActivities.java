package dev.turnpike.workflows.sandbox;

import io.temporal.activity.ActivityInterface;

@ActivityInterface(namePrefix = "Sandbox")
public interface SandboxActivities {
  /**
   * Deletes the archived session's sandbox directory and records {@code
   * execution_environment.deleted}; idempotent, and a no-op for a session without a sandbox.
   */
  void deleteArchived(SandboxDeletion request);
}
