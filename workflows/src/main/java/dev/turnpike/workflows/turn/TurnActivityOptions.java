package dev.turnpike.workflows.turn;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.util.Map;

/**
 * The one place that sets the activity options of Turnpike's workflows (turn, session, retention,
 * sandbox deletion). The worker registers the workflow implementations with these, so workflow
 * code creates plain stubs.
 */
public final class TurnActivityOptions {
  private TurnActivityOptions() {}

  public static WorkflowImplementationOptions implementationOptions(TurnTimeouts t) {
    ActivityOptions bookkeeping =
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(t.bookkeepingTimeout())
            // Bookkeeping writes are idempotent and must eventually land: retry without limit.
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(t.retryInitialInterval())
                    .setMaximumInterval(t.retryMaxInterval())
                    .build())
            .build();
    ActivityOptions runner =
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(t.runnerStepTimeout())
            .setHeartbeatTimeout(t.runnerHeartbeatTimeout())
            // A cancelled turn writes its terminal event only after the runner has stopped, so
            // no runner event can land after turn.cancelled.
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(t.retryInitialInterval())
                    .setMaximumInterval(t.retryMaxInterval())
                    .setMaximumAttempts(t.runnerMaxAttempts())
                    .build())
            .build();
    // A turn's begin and finish: the same bookkeeping, run inside the workflow task.
    LocalActivityOptions localBookkeeping =
        LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(t.bookkeepingTimeout())
            .setRetryOptions(bookkeeping.getRetryOptions())
            .build();
    return WorkflowImplementationOptions.newBuilder()
        .setDefaultActivityOptions(bookkeeping)
        .setDefaultLocalActivityOptions(localBookkeeping)
        .setActivityOptions(Map.of("RunnerRunStep", runner))
        .build();
  }
}
