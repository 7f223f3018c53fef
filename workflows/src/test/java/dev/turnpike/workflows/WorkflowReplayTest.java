package dev.turnpike.workflows;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnpike.workflows.approval.ApprovalDecision;
import dev.turnpike.workflows.approval.DecideApproval;
import dev.turnpike.workflows.json.TurnpikeJson;
import dev.turnpike.workflows.runner.RunnerActivities;
import dev.turnpike.workflows.runner.StepRequest;
import dev.turnpike.workflows.turn.TurnActivities;
import dev.turnpike.workflows.turn.TurnActivityOptions;
import dev.turnpike.workflows.turn.TurnOutcome;
import dev.turnpike.workflows.turn.TurnProgress;
import dev.turnpike.workflows.turn.TurnStart;
import dev.turnpike.workflows.turn.TurnTimeouts;
import dev.turnpike.workflows.turn.TurnWorkflow;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Histories recorded from real runs (see TurnWorkflowTest in the activities module, which writes
 * fresh ones to activities/target/recorded-histories) must replay on the current workflow code:
 * a change that breaks them needs Workflow.getVersion.
 */
class WorkflowReplayTest {
  private TestWorkflowEnvironment env;

  @BeforeEach
  void setUp() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(TurnpikeJson.dataConverter())
                        .build())
                .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private static WorkflowExecutionHistory history(String name) throws IOException {
    try (InputStream in = WorkflowReplayTest.class.getResourceAsStream("/histories/" + name)) {
      return WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private Worker shippedWorkflows() {
    Worker worker = env.newWorker(TaskQueues.DEFAULT);
    TurnpikeWorkflows.register(worker, TurnTimeouts.defaults());
    return worker;
  }

  @Test
  void completedTurnReplaysOnCurrentCode() throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history("turn-completed.json"), shippedWorkflows());
  }

  @Test
  void turnThatWaitedForAnApprovalReplaysOnCurrentCode() throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history("turn-approved.json"), shippedWorkflows());
  }

  @Test
  void sessionWithThreeTurnsReplaysOnCurrentCode() throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        history("session-three-turns.json"), shippedWorkflows());
  }

  /** Turns recorded before begin and finish became local activities still replay. */
  @Test
  void historiesFromBeforeLocalBookkeepingReplayOnCurrentCode() throws Exception {
    Worker worker = shippedWorkflows();
    for (String name :
        new String[] {
          "turn-completed-remote-bookkeeping.json",
          "turn-approved-remote-bookkeeping.json",
          "session-three-turns-remote-bookkeeping.json"
        }) {
      WorkflowReplayer.replayWorkflowExecution(history(name), worker);
    }
  }

  /** A session recorded before its workflow ended when idle (it waited for the next turn). */
  @Test
  void sessionFromBeforeEndingWhenIdleReplaysOnCurrentCode() throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        history("session-three-turns-resident.json"), shippedWorkflows());
  }

  @Test
  void sandboxDeletionReplaysOnCurrentCode() throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history("sandbox-deleted.json"), shippedWorkflows());
  }

  @Test
  void reorderingTurnActivitiesIsCaughtAsNonDeterministic() throws IOException {
    Worker worker = env.newWorker(TaskQueues.DEFAULT);
    worker.registerWorkflowImplementationTypes(
        TurnActivityOptions.implementationOptions(TurnTimeouts.defaults()),
        RunnerBeforeBegin.class);
    WorkflowExecutionHistory recorded = history("turn-completed.json");
    Exception e =
        assertThrows(
            Exception.class, () -> WorkflowReplayer.replayWorkflowExecution(recorded, worker));
    // The replayer reports the NonDeterministicException inside its query-failure message.
    assertTrue(
        String.valueOf(e.getMessage()).contains(NonDeterministicException.class.getName()),
        "expected a NonDeterministicException, got " + e);
  }

  /** A changed TurnWorkflow that would break running turns: runs the runner before begin. */
  public static class RunnerBeforeBegin implements TurnWorkflow {
    private final TurnActivities turns = Workflow.newActivityStub(TurnActivities.class);
    private final RunnerActivities runner = Workflow.newActivityStub(RunnerActivities.class);

    @Override
    public TurnOutcome run(TurnStart start) {
      runner.runStep(new StepRequest(start, 0, 0));
      turns.begin(start);
      return TurnOutcome.completed();
    }

    @Override
    public ApprovalDecision decide(DecideApproval command) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void validateDecide(DecideApproval command) {}

    @Override
    public TurnProgress progress() {
      return new TurnProgress("changed", 0, 0);
    }
  }
}
