package dev.turnpike.api.turn;

import dev.turnpike.activities.turn.Turn;
import dev.turnpike.workflows.session.SessionRun;
import dev.turnpike.workflows.session.SessionWorkflow;
import dev.turnpike.workflows.session.TurnTicket;
import io.micronaut.context.annotation.Value;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import jakarta.inject.Singleton;
import java.util.List;

/** Hands a written turn to its session's workflow, starting the workflow if it is not running. */
@Singleton
public class TurnSubmitter {
  private static final int START_RACE_ATTEMPTS = 3;
  private final WorkflowClient client;
  private final String taskQueue;
  private final int turnsPerRun;

  public TurnSubmitter(
      WorkflowClient client,
      @Value("${turnpike.temporal.task-queue:turnpike}") String taskQueue,
      @Value("${turnpike.session.turns-per-run:200}") int turnsPerRun) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.turnsPerRun = turnsPerRun;
  }

  public void submit(Turn turn) {
    SessionWorkflow session =
        client.newWorkflowStub(
            SessionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(turn.sessionId())
                .setTaskQueue(taskQueue)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(session::run, new SessionRun(turn.workspaceId(), turn.sessionId(), List.of(), turnsPerRun));
    request.add(session::submit, new TurnTicket(turn.id()));
    for (int attempt = 1; ; attempt++) {
      try {
        client.signalWithStart(request);
        return;
      } catch (WorkflowExecutionAlreadyStarted e) {
        // Two submits racing to start the same session's workflow: Temporal's test server can
        // refuse the loser instead of signalling; by now the workflow runs, so try again.
        if (attempt == START_RACE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
