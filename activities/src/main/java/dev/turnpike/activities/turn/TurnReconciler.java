package dev.turnpike.activities.turn;

import dev.turnpike.workflows.turn.Failure;
import dev.turnpike.workflows.turn.TurnFinish;
import dev.turnpike.workflows.turn.TurnOutcome;
import dev.turnpike.workflows.turn.TurnStart;
import dev.turnpike.workflows.turn.TurnState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Startup reconciliation: a turn still QUEUED or RUNNING whose workflows no longer exist (after a
 * restart of the in-process Temporal server, say) is failed with {@code workflow_lost}, never left
 * running forever.
 */
@Singleton
public class TurnReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(TurnReconciler.class);

  private final TurnStore turns;
  private final TurnActivitiesImpl lifecycle;
  private final WorkflowClient client;

  public TurnReconciler(TurnStore turns, TurnActivitiesImpl lifecycle, WorkflowClient client) {
    this.turns = turns;
    this.lifecycle = lifecycle;
    this.client = client;
  }

  /**
   * A QUEUED turn younger than this may belong to another API node that wrote its row and has
   * not yet handed it to its session workflow; it is checked only once it is older.
   */
  static final long QUEUED_GRACE_SECONDS = 60;

  /**
   * Reconciles turns created before this process started: RUNNING ones now, QUEUED ones once
   * they are past the grace period (a second pass runs when the youngest of them is).
   */
  public void reconcileAtStartup(long startedAt) {
    if (!namespaceReachable()) {
      return;
    }
    // Timestamps are whole seconds here: include the second this process started in. A RUNNING
    // turn that young whose workflow is alive is left alone by the check below.
    reconcile(startedAt + 1, startedAt - QUEUED_GRACE_SECONDS);
    Thread.ofVirtual()
        .name("turnpike-reconcile-queued")
        .start(
            () -> {
              try {
                Thread.sleep(QUEUED_GRACE_SECONDS * 1000);
                reconcile(startedAt, startedAt);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                LOG.warn("Second reconciliation pass failed: {}", e.getMessage());
              }
            });
  }

  /**
   * Fails RUNNING turns created before {@code runningBefore} and QUEUED ones created before
   * {@code queuedBefore} whose workflows are gone; returns how many were lost.
   */
  public int reconcile(long runningBefore, long queuedBefore) {
    int lost = 0;
    for (Turn turn : turns.unfinishedCreatedBefore(runningBefore)) {
      boolean young = turn.state() == TurnState.QUEUED && turn.createdAt() >= queuedBefore;
      if (young || isRunning(turn.id()) || isRunning(turn.sessionId())) {
        continue;
      }
      lifecycle.finish(
          new TurnFinish(
              new TurnStart(turn.workspaceId(), turn.sessionId(), turn.id()),
              TurnOutcome.failed(
                  new Failure(
                      Failure.WORKFLOW_LOST,
                      "The turn's workflow no longer exists (the Temporal server lost it, e.g. an"
                          + " in-process server restarted); the turn cannot continue."))));
      lost++;
    }
    if (lost > 0) {
      LOG.warn("Reconciliation failed {} turn(s) whose workflows were lost", lost);
    }
    return lost;
  }

  /** A NOT_FOUND for a missing namespace must not read as "every workflow is gone". */
  private boolean namespaceReachable() {
    try {
      client
          .getWorkflowServiceStubs()
          .blockingStub()
          .describeNamespace(
              DescribeNamespaceRequest.newBuilder()
                  .setNamespace(client.getOptions().getNamespace())
                  .build());
      return true;
    } catch (StatusRuntimeException e) {
      LOG.warn(
          "Skipping reconciliation: namespace '{}' is not reachable ({})",
          client.getOptions().getNamespace(),
          e.getStatus());
      return false;
    }
  }

  private boolean isRunning(String workflowId) {
    try {
      var response =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                      .build());
      return response.getWorkflowExecutionInfo().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }
}
