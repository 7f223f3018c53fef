package dev.turnpike.workflows;

/** Names shared by the API (which starts workflows) and the worker (which runs them). */
public final class TaskQueues {
  public static final String DEFAULT = "turnpike";

  private TaskQueues() {}
}
