package dev.turnpike.workflows.runner;

import io.temporal.activity.ActivityInterface;

/**
 * Runs the turn's runner from a resume point. The activity writes its events itself, with ids
 * derived from (turn, position, index), so a retry never duplicates one; it heartbeats its
 * position and resumes from it.
 */
@ActivityInterface(namePrefix = "Runner")
public interface RunnerActivities {
  StepResult runStep(StepRequest request);
}
