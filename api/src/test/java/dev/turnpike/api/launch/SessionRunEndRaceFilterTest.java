package dev.turnpike.api.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.FilterReply;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server's own logback.xml, as shipped, with the events the worker really logs. */
class SessionRunEndRaceFilterTest {
  private static final String PROGRESS_WARNING =
      "Failure while reporting workflow progress to the server. If seen continuously the"
          + " workflow might be stuck. WorkflowId=ses_1, RunId=r, startedEventId=14";

  private LoggerContext context;
  private OutputStreamAppender<ILoggingEvent> console;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void loadTheShippedConfiguration() throws Exception {
    context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback.xml"));
    console =
        (OutputStreamAppender<ILoggingEvent>)
            context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
  }

  @Test
  void theRefusedCompletionOfAnEndingSessionRunIsNotLogged() {
    StatusRuntimeException refusal =
        Status.INVALID_ARGUMENT.withDescription("UnhandledCommand").asRuntimeException();

    assertEquals(
        FilterReply.DENY,
        console.getFilterChainDecision(
            event(SessionRunEndRaceFilter.WORKER_LOGGER, Level.WARN, refusal)));
  }

  @Test
  void everyOtherWarningOfTheWorkerIsLogged() {
    StatusRuntimeException unavailable =
        Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();
    StatusRuntimeException otherInvalid =
        Status.INVALID_ARGUMENT.withDescription("BadScheduleActivityAttributes")
            .asRuntimeException();

    for (ILoggingEvent logged :
        new ILoggingEvent[] {
          event(SessionRunEndRaceFilter.WORKER_LOGGER, Level.WARN, unavailable),
          event(SessionRunEndRaceFilter.WORKER_LOGGER, Level.WARN, otherInvalid),
          event(SessionRunEndRaceFilter.WORKER_LOGGER, Level.WARN, null),
          event(
              SessionRunEndRaceFilter.WORKER_LOGGER,
              Level.ERROR,
              Status.INVALID_ARGUMENT.withDescription("UnhandledCommand").asRuntimeException()),
          event(
              "io.temporal.internal.worker.ActivityWorker",
              Level.WARN,
              Status.INVALID_ARGUMENT.withDescription("UnhandledCommand").asRuntimeException())
        }) {
      assertEquals(FilterReply.NEUTRAL, console.getFilterChainDecision(logged), logged::toString);
    }
  }

  private ILoggingEvent event(String loggerName, Level level, Throwable thrown) {
    return new LoggingEvent(
        Logger.class.getName(), context.getLogger(loggerName), level, PROGRESS_WARNING, thrown,
        null);
  }
}
