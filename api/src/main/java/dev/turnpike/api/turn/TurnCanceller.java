package dev.turnpike.api.turn;

import dev.turnpike.activities.turn.Turn;
import dev.turnpike.activities.turn.TurnActivitiesImpl;
import dev.turnpike.activities.turn.TurnStore;
import dev.turnpike.api.http.ApiException;
import dev.turnpike.workflows.turn.TurnFinish;
import dev.turnpike.workflows.turn.TurnOutcome;
import dev.turnpike.workflows.turn.TurnStart;
import dev.turnpike.workflows.turn.TurnState;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Cancels a turn. A QUEUED turn is dropped where it is stored (its session's workflow skips it);
 * a running one has its workflow cancelled, which stops the runner through its heartbeat,
 * cancels pending approvals and writes turn.cancelled. The answer waits a little for that.
 */
@Singleton
public class TurnCanceller {
  private static final long POLL_MILLIS = 25;
  private final TurnStore turns;
  private final TurnActivitiesImpl lifecycle;
  private final WorkflowClient client;
  private final Duration wait;

  public TurnCanceller(
      TurnStore turns,
      TurnActivitiesImpl lifecycle,
      WorkflowClient client,
      @Value("${turnpike.turns.cancel-wait:15s}") Duration wait) {
    this.turns = turns;
    this.lifecycle = lifecycle;
    this.client = client;
    this.wait = wait;
  }

  /** Cancels the turn and returns it as it is once cancelled (or when the wait runs out). */
  public Turn cancel(String workspaceId, String turnId) throws InterruptedException {
    Turn turn = turns.get(workspaceId, turnId, "id");
    if (turn.state() == TurnState.CANCELLED) {
      return turn;
    }
    if (turn.state().isTerminal()) {
      throw new ApiException(HttpStatus.CONFLICT, "turn_finished",
          "Turn '" + turnId + "' is " + turn.state() + " and cannot be cancelled.", "id");
    }
    requestCancel(turn);
    return awaitFinished(workspaceId, turnId);
  }

  /** Starts cancelling without waiting: for a session cancelling all its turns at once. */
  public void requestCancel(Turn turn) {
    TurnStart start = new TurnStart(turn.workspaceId(), turn.sessionId(), turn.id());
    if (lifecycle.cancelQueued(start)) {
      return;
    }
    try {
      client.newUntypedWorkflowStub(turn.id()).cancel();
    } catch (WorkflowNotFoundException e) {
      // No workflow runs it (it was lost): end it here.
      lifecycle.finish(new TurnFinish(start, TurnOutcome.cancelled()));
    }
  }

  public Turn awaitFinished(String workspaceId, String turnId) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    Turn turn = turns.get(workspaceId, turnId, "id");
    while (!turn.state().isTerminal() && System.nanoTime() < deadline) {
      Thread.sleep(POLL_MILLIS);
      turn = turns.get(workspaceId, turnId, "id");
    }
    return turn;
  }
}
