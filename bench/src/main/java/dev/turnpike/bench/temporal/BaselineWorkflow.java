package dev.turnpike.bench.temporal;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The bare Temporal baseline: a workflow that only calls three no-op activities in turn. */
@WorkflowInterface
public interface BaselineWorkflow {
  @WorkflowMethod
  void run();
}
