package dev.turnpike.api.event;

import dev.turnpike.activities.event.Event;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.activities.session.Session;
import dev.turnpike.activities.store.Cursors;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's one LISTEN connection to PostgreSQL and the session channels it wakes. Every API
 * node runs its own, so each delivers every event whichever process wrote it.
 */
@Singleton
public class EventHub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

  private final EventStore events;
  private final String url;
  private final Properties credentials = new Properties();
  private final ConcurrentHashMap<String, SessionChannel> channels = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean closed;
  private volatile boolean listening;
  private Thread listener;

  public EventHub(
      EventStore events,
      @Value("${datasources.default.url}") String url,
      @Value("${datasources.default.username:}") @Nullable String user,
      @Value("${datasources.default.password:}") @Nullable String password) {
    this.events = events;
    this.url = url;
    if (user != null && !user.isEmpty()) {
      credentials.setProperty("user", user);
    }
    if (password != null && !password.isEmpty()) {
      credentials.setProperty("password", password);
    }
  }

  /** Starts listening; returns once the LISTEN is in place, so no later commit goes unheard. */
  public synchronized void start() throws InterruptedException {
    if (listener != null) {
      return;
    }
    listener = Thread.ofPlatform().name("turnpike-event-listener").daemon().start(this::listen);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!listening && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    if (!listening) {
      throw new IllegalStateException("could not LISTEN on PostgreSQL for event notifications");
    }
  }

  private void listen() {
    while (!closed) {
      try (Connection c = DriverManager.getConnection(url, credentials)) {
        c.createStatement().execute("LISTEN " + EventStore.CHANNEL);
        listening = true;
        // Anything committed while we were not listening is read now.
        channels.values().forEach(ch -> ch.signal(Long.MAX_VALUE - 1));
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] notes = pg.getNotifications(500);
          if (notes != null) {
            for (PGNotification n : notes) {
              dispatch(n.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        listening = false;
        if (!closed) {
          LOG.warn("Event listener lost its PostgreSQL connection; reconnecting: {}", e.getMessage());
          sleepQuietly();
        }
      }
    }
  }

  private void dispatch(String payload) {
    int colon = payload.lastIndexOf(':');
    if (colon < 0) {
      return;
    }
    SessionChannel channel = channels.get(payload.substring(0, colon));
    long sequence = Long.parseLong(payload.substring(colon + 1));
    // An event this node wrote and handed over itself is already in the channel's memory.
    if (channel != null && sequence > channel.fetched()) {
      channel.signal(sequence);
    }
  }

  /**
   * An event this node just committed: the session's subscribers on this node get it without
   * waiting for the NOTIFY round trip. Other nodes still learn of it by NOTIFY.
   */
  void published(Event event) {
    SessionChannel channel = channels.get(event.sessionId());
    if (channel != null) {
      channel.offer(event);
    }
  }

  /**
   * Attaches a waiter to a session's channel (the caller checked it may read the session) and
   * has the channel catch up once, in case events landed before it existed.
   */
  SessionChannel attach(Session session, SessionChannel.Waiter waiter) {
    SessionChannel channel =
        channels.compute(
            session.id(),
            (id, existing) -> {
              SessionChannel ch =
                  existing != null
                      ? existing
                      : new SessionChannel(
                          session.workspaceId(), id, lastSequence(session), events, executor);
              ch.add(waiter);
              return ch;
            });
    channel.signal(0);
    return channel;
  }

  void detach(SessionChannel channel, SessionChannel.Waiter waiter) {
    channels.computeIfPresent(
        channel.sessionId,
        (id, ch) -> {
          ch.remove(waiter);
          return ch.idle() ? null : ch;
        });
  }

  private static long lastSequence(Session session) {
    return session.lastEventCursor() == null
        ? 0
        : Cursors.decode(Cursors.EVENT, session.lastEventCursor());
  }

  ExecutorService executor() {
    return executor;
  }

  @PreDestroy
  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
