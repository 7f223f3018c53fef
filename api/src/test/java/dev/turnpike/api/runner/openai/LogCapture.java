package dev.turnpike.api.runner.openai;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Keeps every line logged in this JVM while started, exception messages included. */
final class LogCapture extends AppenderBase<ILoggingEvent> {
  private final List<String> lines = new ArrayList<>();

  @Override
  public void start() {
    setContext(root().getLoggerContext());
    root().addAppender(this);
    super.start();
  }

  @Override
  public void stop() {
    root().detachAppender(this);
    super.stop();
  }

  @Override
  protected synchronized void append(ILoggingEvent event) {
    lines.add(event.getFormattedMessage());
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      lines.add(t.getClassName() + ": " + t.getMessage());
    }
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  }
}
