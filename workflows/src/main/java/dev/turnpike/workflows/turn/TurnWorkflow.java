package dev.turnpike.workflows.turn;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One turn: admission, the runner loop, the terminal event. Its workflow id is the turn id. */
@WorkflowInterface
public interface TurnWorkflow {
  @WorkflowMethod
  TurnOutcome run(TurnStart start);

  @QueryMethod
  TurnProgress progress();
}
