package dev.turnpike.workflows.turn;

/** Why a turn failed: a stable machine code and a human message. */
public record Failure(String code, String message) {
  public static final String RUNNER_ERROR = "runner_error";
  public static final String WORKFLOW_LOST = "workflow_lost";
  public static final String TURN_WORKFLOW_FAILED = "turn_workflow_failed";
}
