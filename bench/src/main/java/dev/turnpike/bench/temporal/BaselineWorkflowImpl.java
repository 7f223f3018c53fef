package dev.turnpike.bench.temporal;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Calls begin, step and finish one after another; nothing else. */
public final class BaselineWorkflowImpl implements BaselineWorkflow {
  private final BaselineActivities activities =
      Workflow.newActivityStub(
          BaselineActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

  @Override
  public void run() {
    activities.begin();
    activities.step();
    activities.finish();
  }
}
