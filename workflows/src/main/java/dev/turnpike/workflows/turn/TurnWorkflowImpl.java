package dev.turnpike.workflows.turn;

import dev.turnpike.workflows.runner.RunnerActivities;
import dev.turnpike.workflows.runner.StepRequest;
import dev.turnpike.workflows.runner.StepResult;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;

public class TurnWorkflowImpl implements TurnWorkflow {
  private final TurnActivities turns = Workflow.newActivityStub(TurnActivities.class);
  private final RunnerActivities runner = Workflow.newActivityStub(RunnerActivities.class);

  private String phase = "starting";
  private int step;
  private int position;

  @Override
  public TurnOutcome run(TurnStart start) {
    if (!turns.begin(start)) {
      phase = "skipped";
      return new TurnOutcome(TurnState.CANCELLED, null);
    }
    phase = "running";
    TurnOutcome outcome = runSteps(start);
    phase = "finishing";
    turns.finish(new TurnFinish(start, outcome));
    phase = "finished";
    return outcome;
  }

  private TurnOutcome runSteps(TurnStart start) {
    try {
      while (true) {
        StepResult result = runner.runStep(new StepRequest(start, step, position));
        position = result.nextPosition();
        switch (result.status()) {
          case DONE:
            return TurnOutcome.completed();
          case FAILED:
            return TurnOutcome.failed(result.failure());
          case CONTINUE:
            step++;
            break;
        }
      }
    } catch (ActivityFailure e) {
      return TurnOutcome.failed(new Failure(Failure.RUNNER_ERROR, describe(e)));
    }
  }

  private static String describe(ActivityFailure e) {
    Throwable cause = e.getCause();
    if (cause instanceof ApplicationFailure app) {
      return "runner gave up after retries: " + app.getOriginalMessage();
    }
    return "runner gave up after retries: " + (cause == null ? e.getMessage() : cause.getMessage());
  }

  @Override
  public TurnProgress progress() {
    return new TurnProgress(phase, step, position);
  }
}
