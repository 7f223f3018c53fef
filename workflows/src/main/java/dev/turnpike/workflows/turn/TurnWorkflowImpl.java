package dev.turnpike.workflows.turn;

import dev.turnpike.workflows.approval.ApprovalActivities;
import dev.turnpike.workflows.approval.ApprovalAsk;
import dev.turnpike.workflows.approval.ApprovalDecision;
import dev.turnpike.workflows.approval.ApprovalResolution;
import dev.turnpike.workflows.approval.ApprovalWait;
import dev.turnpike.workflows.approval.DecideApproval;
import dev.turnpike.workflows.approval.Decision;
import dev.turnpike.workflows.runner.RunnerActivities;
import dev.turnpike.workflows.runner.StepRequest;
import dev.turnpike.workflows.runner.StepResult;
import dev.turnpike.workflows.spawn.ChildOutcome;
import dev.turnpike.workflows.spawn.SpawnAsk;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

public class TurnWorkflowImpl implements TurnWorkflow {
  /** Approvals and cancellation were added to the shipped workflow under this change id. */
  static final String APPROVALS_AND_CANCEL = "approvals-and-cancel";

  /** Spawning sub-agents was added under this change id. */
  static final String SPAWN_CHANGE = "spawn-sub-agents";

  /**
   * From this change on, a turn's begin and finish run as local activities: inside the workflow
   * task that needs them, without a round trip through the Temporal server each.
   */
  static final String LOCAL_BOOKKEEPING = "local-begin-finish";

  private final TurnActivities remoteTurns = Workflow.newActivityStub(TurnActivities.class);
  private final TurnActivities localTurns = Workflow.newLocalActivityStub(TurnActivities.class);
  /** The stub for begin and finish: local, or remote in histories recorded before the change. */
  private TurnActivities turns;
  private final RunnerActivities runner = Workflow.newActivityStub(RunnerActivities.class);
  private final ApprovalActivities approvals = Workflow.newActivityStub(ApprovalActivities.class);

  private String phase = "starting";
  private int step;
  private int position;
  private TurnStart start;
  /** The request the turn waits on, its decision once made, and whether that is recorded. */
  private ApprovalAsk waitingFor;
  private ApprovalDecision decided;
  private boolean recorded;
  /** Every decision this turn has acted on, so a late repeat gets the recorded answer. */
  private final Map<String, ApprovalDecision> decisions = new HashMap<>();

  @Override
  public TurnOutcome run(TurnStart start) {
    this.start = start;
    turns =
        Workflow.getVersion(LOCAL_BOOKKEEPING, Workflow.DEFAULT_VERSION, 1) == 1
            ? localTurns
            : remoteTurns;
    try {
      if (!turns.begin(start)) {
        phase = "skipped";
        return new TurnOutcome(TurnState.CANCELLED, null);
      }
      phase = "running";
      TurnOutcome outcome = runSteps();
      phase = "finishing";
      turns.finish(new TurnFinish(start, outcome));
      phase = "finished";
      return outcome;
    } catch (CanceledFailure e) {
      return cancel();
    }
  }

  /**
   * The workflow was cancelled (the turn's or its session's {@code :cancel}): pending approvals
   * become CANCELLED and the turn ends with turn.cancelled, in a scope the cancellation cannot
   * interrupt.
   */
  private TurnOutcome cancel() {
    phase = "cancelling";
    Workflow.newDetachedCancellationScope(
            () -> {
              approvals.cancelPending(start);
              turns.finish(new TurnFinish(start, TurnOutcome.cancelled()));
            })
        .run();
    phase = "cancelled";
    return TurnOutcome.cancelled();
  }

  private TurnOutcome runSteps() {
    ApprovalDecision resume = null;
    ChildOutcome child = null;
    try {
      while (true) {
        StepResult result = runner.runStep(new StepRequest(start, step, position, resume, child));
        resume = null;
        child = null;
        position = result.nextPosition();
        switch (result.status()) {
          case DONE:
            return TurnOutcome.completed();
          case FAILED:
            return TurnOutcome.failed(result.failure());
          case NEEDS_APPROVAL:
            resume = awaitDecision(result.approval());
            step++;
            break;
          case SPAWNED:
            child = runChild(result.spawn());
            step++;
            break;
          case CONTINUE:
            step++;
            break;
        }
      }
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure cancelled) {
        throw cancelled;
      }
      return TurnOutcome.failed(new Failure(Failure.RUNNER_ERROR, describe(e)));
    }
  }

  /**
   * Runs a spawned sub-agent's turn as a child workflow (id: its turn id) and waits for it. If
   * this turn is cancelled meanwhile, the child is cancelled with it.
   */
  private ChildOutcome runChild(SpawnAsk spawn) {
    Workflow.getVersion(SPAWN_CHANGE, Workflow.DEFAULT_VERSION, 1);
    phase = "waiting_for_sub_agent";
    TurnWorkflow sub =
        Workflow.newChildWorkflowStub(
            TurnWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(spawn.turnId())
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                .build());
    TurnStart childStart = new TurnStart(start.workspaceId(), spawn.sessionId(), spawn.turnId());
    TurnState state;
    try {
      state = sub.run(childStart).state();
    } catch (ChildWorkflowFailure e) {
      boolean cancelled = e.getCause() instanceof CanceledFailure;
      if (cancelled && CancellationScope.current().isCancelRequested()) {
        throw (CanceledFailure) e.getCause();
      }
      state = cancelled ? TurnState.CANCELLED : TurnState.FAILED;
    }
    phase = "running";
    return new ChildOutcome(spawn.sessionId(), spawn.turnId(), state);
  }

  /** Waits durably (a timer, no thread) for the decision; at expiry it counts as a rejection. */
  private ApprovalDecision awaitDecision(ApprovalAsk ask) {
    Workflow.getVersion(APPROVALS_AND_CANCEL, Workflow.DEFAULT_VERSION, 1);
    phase = "waiting_for_permission";
    waitingFor = ask;
    approvals.awaiting(new ApprovalWait(start, ask.approvalId()));
    boolean decidedInTime =
        Workflow.await(Duration.ofSeconds(ask.timeoutSeconds()), () -> decided != null);
    if (!decidedInTime) {
      decided = new ApprovalDecision(ask.approvalId(), Decision.EXPIRED, null, "expired");
      record();
    }
    Workflow.await(() -> recorded);
    ApprovalDecision decision = decided;
    decisions.put(decision.approvalId(), decision);
    waitingFor = null;
    decided = null;
    recorded = false;
    phase = "running";
    return decision;
  }

  private void record() {
    approvals.resolve(new ApprovalResolution(start, decided));
    recorded = true;
  }

  @Override
  public ApprovalDecision decide(DecideApproval command) {
    ApprovalDecision earlier = decisions.get(command.approvalId());
    if (earlier != null) {
      return earlier;
    }
    if (decided == null) {
      decided =
          new ApprovalDecision(
              command.approvalId(), command.decision(), command.decidedBy(), command.reason());
      record();
    }
    // Concurrent deciders wait for the first decision to be recorded and get it back.
    Workflow.await(() -> recorded || decisions.containsKey(command.approvalId()));
    return decisions.getOrDefault(command.approvalId(), decided);
  }

  @Override
  public void validateDecide(DecideApproval command) {
    if (command.decision() != Decision.APPROVED && command.decision() != Decision.REJECTED) {
      throw new IllegalArgumentException("a decision is APPROVED or REJECTED");
    }
    if (decisions.containsKey(command.approvalId())) {
      return;
    }
    if (waitingFor == null || !waitingFor.approvalId().equals(command.approvalId())) {
      throw new IllegalStateException(
          "approval request " + command.approvalId() + " is not pending in this turn");
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
