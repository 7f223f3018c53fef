package dev.turnpike.activities.event;

/** The normalized event types clients see, whatever the runner. */
public final class EventTypes {
  public static final String MESSAGE_CREATED = "message.created";
  public static final String TOOL_CALL_STARTED = "tool_call.started";
  public static final String TOOL_CALL_COMPLETED = "tool_call.completed";
  public static final String PROGRESS_UPDATED = "progress.updated";
  public static final String ARTIFACT_CREATED = "artifact.created";
  public static final String WIDGET_CREATED = "widget.created";
  public static final String APPROVAL_REQUEST_CREATED = "approval_request.created";
  public static final String APPROVAL_REQUEST_RESOLVED = "approval_request.resolved";
  public static final String TURN_COMPLETED = "turn.completed";
  public static final String TURN_FAILED = "turn.failed";
  public static final String TURN_CANCELLED = "turn.cancelled";

  private EventTypes() {}
}
