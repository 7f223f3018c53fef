package dev.turnpike.workflows.session;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * A session's thread: runs its turns one at a time, in submission order, each as a child
 * {@code TurnWorkflow}. Its workflow id is the session id. A run ends when its queue is empty;
 * the next submit's signal-with-start begins a new one.
 */
@WorkflowInterface
public interface SessionWorkflow {
  @WorkflowMethod
  void run(SessionRun run);

  @SignalMethod
  void submit(TurnTicket ticket);

  /** Turn ids waiting to run, in order. */
  @QueryMethod
  List<String> pendingTurns();
}
