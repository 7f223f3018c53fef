package dev.turnpike.api.launch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the Temporal SDK's warning, with its stack trace, for a race a session's workflow is
 * built to lose. The workflow completes when its queue is empty; a turn submitted at that moment
 * makes Temporal refuse the completion ({@code UnhandledCommand}) and hand the worker a new task
 * that runs the turn. The SDK logs every such refusal as a warning about a workflow that "might
 * be stuck", which here it never is. Any other warning of the worker passes.
 */
public class SessionRunEndRaceFilter extends Filter<ILoggingEvent> {
  static final String WORKER_LOGGER = "io.temporal.internal.worker.WorkflowWorker";
  private static final String REFUSAL_CLASS = "io.grpc.StatusRuntimeException";
  private static final String REFUSAL_MESSAGE = "INVALID_ARGUMENT: UnhandledCommand";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    IThrowableProxy thrown = event.getThrowableProxy();
    boolean expectedRefusal =
        event.getLevel() == Level.WARN
            && WORKER_LOGGER.equals(event.getLoggerName())
            && thrown != null
            && REFUSAL_CLASS.equals(thrown.getClassName())
            && thrown.getMessage() != null
            && thrown.getMessage().startsWith(REFUSAL_MESSAGE);
    return expectedRefusal ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
