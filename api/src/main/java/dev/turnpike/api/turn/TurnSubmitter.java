package dev.turnpike.api.turn;

import dev.turnpike.activities.turn.Turn;
import dev.turnpike.workflows.session.SessionRun;
import dev.turnpike.workflows.session.SessionWorkflow;
import dev.turnpike.workflows.session.TurnTicket;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.context.annotation.Value;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands a written turn to its session's workflow, starting the workflow if it is not running. */
@Singleton
public class TurnSubmitter {
  private static final Logger LOG = LoggerFactory.getLogger(TurnSubmitter.class);
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
    for (int attempt = 1; ; attempt++) {
      try {
        client.signalWithStart(request(turn));
        return;
      } catch (RuntimeException e) {
        if (!isRunChangeRace(e) || attempt == START_RACE_ATTEMPTS) {
          throw e;
        }
        LOG.info("Turn {} met its session's run starting or ending; handing it over again",
            turn.id());
      }
    }
  }

  /** A signal-with-start request; one serves a single call, so each attempt makes its own. */
  private BatchRequest request(Turn turn) {
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
    request.add(
        session::run,
        new SessionRun(turn.workspaceId(), turn.sessionId(), List.of(), turnsPerRun));
    request.add(session::submit, new TurnTicket(turn.id()));
    return request;
  }

  /**
   * Temporal's test server does a signal-with-start in two steps, so it can lose a race with
   * the session's run starting or ending: two submits starting the same session's workflow (the
   * loser is refused as already started), or a submit signalling a run that completed (its queue
   * was empty) in between (NOT_FOUND). Neither delivered the turn; the next attempt does.
   */
  private static boolean isRunChangeRace(RuntimeException e) {
    return e instanceof WorkflowExecutionAlreadyStarted
        || e instanceof WorkflowServiceException
            && e.getCause() instanceof StatusRuntimeException status
            && status.getStatus().getCode() == Status.Code.NOT_FOUND;
  }
}
