package dev.turnpike.activities.runner.openai;

import dev.turnpike.activities.event.EventData;
import dev.turnpike.activities.event.EventTypes;
import dev.turnpike.activities.runner.RunnerContext;
import dev.turnpike.activities.runner.RunnerContext.Emission;

/**
 * Heartbeats while the model is called and, when streaming, reports how much has arrived as
 * {@code progress.updated}, at most once a second: the deltas themselves are not stored.
 */
final class ProgressTicker implements ChatCompletionsClient.Ticker {
  private static final long INTERVAL_NANOS = 1_000_000_000L;

  private final RunnerContext context;
  private final int action;
  private final boolean streaming;
  private long lastReport = System.nanoTime();
  private long reportedChars;
  private int reports;

  ProgressTicker(RunnerContext context, int action, boolean streaming) {
    this.context = context;
    this.action = action;
    this.streaming = streaming;
  }

  @Override
  public void tick(long charsReceived) {
    context.checkpoint(action);
    long now = System.nanoTime();
    if (!streaming || charsReceived == reportedChars || now - lastReport < INTERVAL_NANOS) {
      return;
    }
    lastReport = now;
    reportedChars = charsReceived;
    context.emitLine(action, reports++, new Emission(EventTypes.PROGRESS_UPDATED,
        EventData.object().putNull("percent")
            .put("message", charsReceived + " characters received")));
  }
}
