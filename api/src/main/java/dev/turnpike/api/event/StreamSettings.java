package dev.turnpike.api.event;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Streaming knobs ({@code turnpike.streams.*}). */
@Singleton
public final class StreamSettings {
  private final Duration pingInterval;
  private final Duration slowClientTimeout;

  public StreamSettings(
      @Value("${turnpike.streams.ping-interval:15s}") Duration pingInterval,
      @Value("${turnpike.streams.slow-client-timeout:10s}") Duration slowClientTimeout) {
    this.pingInterval = pingInterval;
    this.slowClientTimeout = slowClientTimeout;
  }

  /** How often an idle stream sends a comment so proxies keep it open. */
  public Duration pingInterval() {
    return pingInterval;
  }

  /** How long a client may leave a full buffer unread before it is disconnected. */
  public Duration slowClientTimeout() {
    return slowClientTimeout;
  }
}
