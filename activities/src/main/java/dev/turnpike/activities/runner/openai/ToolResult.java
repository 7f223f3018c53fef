package dev.turnpike.activities.runner.openai;

import dev.turnpike.activities.event.EventData;

/**
 * A tool call's outcome: {@code status} succeeded, failed or rejected, and the {@code output}
 * that both the {@code tool_call.completed} event and the model get.
 */
record ToolResult(String status, String output) {
  static final ToolResult REJECTED = new ToolResult("rejected", error("rejected by approver"));

  static ToolResult succeeded(String output) {
    return new ToolResult("succeeded", output);
  }

  static ToolResult failed(String message) {
    return new ToolResult("failed", error(message));
  }

  private static String error(String message) {
    return EventData.object().put("error", message).toString();
  }
}
