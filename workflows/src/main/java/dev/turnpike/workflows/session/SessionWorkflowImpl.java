package dev.turnpike.workflows.session;

import dev.turnpike.workflows.turn.Failure;
import dev.turnpike.workflows.turn.TurnActivities;
import dev.turnpike.workflows.turn.TurnFinish;
import dev.turnpike.workflows.turn.TurnOutcome;
import dev.turnpike.workflows.turn.TurnStart;
import dev.turnpike.workflows.turn.TurnWorkflow;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

public class SessionWorkflowImpl implements SessionWorkflow {
  private final TurnActivities turns = Workflow.newActivityStub(TurnActivities.class);
  private final Deque<String> pending = new ArrayDeque<>();

  @WorkflowInit
  public SessionWorkflowImpl(SessionRun run) {
    pending.addAll(run.pendingTurnIds());
  }

  /**
   * Since this change a session's workflow ends when its queue is empty, instead of waiting
   * (resident in every worker's cache, holding a workflow thread) for the session's next turn;
   * that turn's signal-with-start begins a new run. Histories from before wait.
   */
  static final String ENDS_WHEN_IDLE = "ends-when-idle";

  @Override
  public void run(SessionRun run) {
    boolean endsWhenIdle =
        Workflow.getVersion(ENDS_WHEN_IDLE, Workflow.DEFAULT_VERSION, 1) == 1;
    int ran = 0;
    while (true) {
      Workflow.await(() -> !pending.isEmpty());
      runTurn(new TurnStart(run.workspaceId(), run.sessionId(), pending.removeFirst()));
      ran++;
      if (endsWhenIdle && pending.isEmpty()) {
        // A turn submitted while this run completes is not lost: Temporal refuses the completion
        // of a workflow with an unhandled signal, and the retried task sees the turn.
        Workflow.await(Workflow::isEveryHandlerFinished);
        if (pending.isEmpty()) {
          return;
        }
      }
      // Bound the history: continue as new after a number of turns, or sooner if the server asks.
      if (ran >= run.turnsPerRunOrDefault() || Workflow.getInfo().isContinueAsNewSuggested()) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(run.continuedWith(new ArrayList<>(pending)));
      }
    }
  }

  private void runTurn(TurnStart start) {
    TurnWorkflow child =
        Workflow.newChildWorkflowStub(
            TurnWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(start.turnId())
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                .build());
    try {
      child.run(start);
    } catch (ChildWorkflowFailure e) {
      // The turn workflow itself broke (not its runner): settle the turn so the thread moves on.
      turns.finish(
          new TurnFinish(
              start,
              TurnOutcome.failed(
                  new Failure(Failure.TURN_WORKFLOW_FAILED, String.valueOf(e.getMessage())))));
    }
  }

  @Override
  public void submit(TurnTicket ticket) {
    if (!pending.contains(ticket.turnId())) {
      pending.addLast(ticket.turnId());
    }
  }

  @Override
  public List<String> pendingTurns() {
    return List.copyOf(pending);
  }
}
