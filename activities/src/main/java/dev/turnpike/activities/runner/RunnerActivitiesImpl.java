package dev.turnpike.activities.runner;

import dev.turnpike.activities.agent.Agent;
import dev.turnpike.activities.agent.AgentStore;
import dev.turnpike.activities.sandbox.ExecutionEnvironments;
import dev.turnpike.activities.store.Db;
import dev.turnpike.activities.store.UsageSummary;
import dev.turnpike.activities.turn.Turn;
import dev.turnpike.activities.turn.TurnStore;
import dev.turnpike.workflows.runner.RunnerActivities;
import dev.turnpike.workflows.runner.StepRequest;
import dev.turnpike.workflows.runner.StepResult;
import dev.turnpike.workflows.turn.TurnStart;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Singleton;

@Singleton
public class RunnerActivitiesImpl implements RunnerActivities {
  /** Failure type of a runner that can never succeed on retry (unknown type, bad config). */
  public static final String RUNNER_UNAVAILABLE = "RunnerUnavailable";

  private final TurnStore turns;
  private final AgentStore agents;
  private final Db db;
  private final RunnerRegistry registry;
  private final ExecutionEnvironments environments;

  public RunnerActivitiesImpl(
      TurnStore turns,
      AgentStore agents,
      Db db,
      RunnerRegistry registry,
      ExecutionEnvironments environments) {
    this.turns = turns;
    this.agents = agents;
    this.db = db;
    this.registry = registry;
    this.environments = environments;
  }

  @Override
  public StepResult runStep(StepRequest request) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    // A retried attempt resumes where the last one heartbeated; earlier positions are done.
    int position =
        activity
            .getHeartbeatDetails(Integer.class)
            .map(p -> Math.max(p, request.position()))
            .orElse(request.position());
    TurnStart start = request.turn();
    Turn turn = turns.get(start.workspaceId(), start.turnId(), null);
    Agent agent = agents.get(start.workspaceId(), turn.agentId(), null);
    Runner runner =
        registry
            .find(agent.runnerType())
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "no runner of type '" + agent.runnerType() + "'", RUNNER_UNAVAILABLE));
    long started = System.nanoTime();
    try {
      return runner.run(
          new ActivityRunnerContext(
              activity,
              db,
              turn,
              agent,
              position,
              request.decision(),
              request.child(),
              environments));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    } finally {
      long millis = (System.nanoTime() - started) / 1_000_000;
      db.write(c -> {
        UsageSummary.addRuntime(c, turn.workspaceId(), turn.id(), millis);
        return null;
      });
    }
  }
}
