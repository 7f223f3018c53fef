package dev.turnpike.bench.sse;

import dev.turnpike.bench.http.SseConnection;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * N subscribers of one session's event stream, opened together (a virtual thread each, for the
 * request and response head) and then read by {@link #READERS} selector threads until closed
 * together.
 */
public final class SubscriberGroup implements AutoCloseable {
  /** Reader threads: one per core of the 2-core machine the targets are set for. */
  private static final int READERS = 2;

  private final List<SseStream> streams = Collections.synchronizedList(new ArrayList<>());
  private final List<SocketChannel> channels = Collections.synchronizedList(new ArrayList<>());
  private final List<String> openFailures = Collections.synchronizedList(new ArrayList<>());
  private final List<StreamReader> readers = new ArrayList<>();
  private final int size;
  private volatile boolean closing;
  private volatile MarkerWatch watch;

  private SubscriberGroup(int size) {
    this.size = size;
    for (int i = 0; i < READERS; i++) {
      readers.add(new StreamReader("sse-reader-" + i));
    }
  }

  /**
   * Opens {@code size} streams of {@code GET /v1/agent_sessions/{id}/events?cursor=} and waits
   * until every one has its response head (or has failed). The server sends the head with a
   * first {@code : connected} comment, so this does not wait for an event.
   */
  public static SubscriberGroup open(
      URI base, String token, String sessionId, String cursor, int size, long timeoutMillis)
      throws InterruptedException {
    SubscriberGroup group = new SubscriberGroup(size);
    String path = "/v1/agent_sessions/" + sessionId + "/events?cursor=" + cursor;
    byte[] request = SseConnection.request(base, path, token);
    CountDownLatch heads = new CountDownLatch(size);
    try (ExecutorService opening = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < size; i++) {
        StreamReader reader = group.readers.get(i % READERS);
        opening.execute(
            () -> {
              group.openOne(base, path, request, reader);
              heads.countDown();
            });
      }
      if (!heads.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
        group.close();
        throw new IllegalStateException(
            heads.getCount() + " of " + size + " streams got no response head in "
                + timeoutMillis + " ms");
      }
    }
    return group;
  }

  /** Connects, sends the request, reads the head (blocking), then hands the stream to a reader. */
  private void openOne(URI base, String path, byte[] request, StreamReader reader) {
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open();
      channels.add(channel);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.socket().connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
      ByteBuffer out = ByteBuffer.wrap(request);
      while (out.hasRemaining()) {
        channel.write(out);
      }
      InputStream in = Channels.newInputStream(channel);
      SseStream stream = new SseStream(this, SseConnection.readHead(in, path));
      channel.configureBlocking(false);
      streams.add(stream);
      reader.add(channel, stream);
    } catch (IOException | RuntimeException e) {
      openFailures.add(e.toString());
      closeQuietly(channel);
    }
  }

  /** From now on, counts who sees the event whose data contains {@code "marker"}. */
  public void watchFor(String marker) {
    watch = new MarkerWatch(marker, streams.size());
  }

  /** Waits until every subscriber has seen the watched marker; the number still missing. */
  public long awaitMarker(long timeoutMillis) throws InterruptedException {
    MarkerWatch w = watch;
    w.await(timeoutMillis);
    return w.missing() + openFailures.size();
  }

  void seen(SseStream stream, String data) {
    MarkerWatch w = watch;
    if (w != null) {
      w.offer(stream, data);
    }
  }

  boolean closing() {
    return closing;
  }

  public int size() {
    return size;
  }

  /** Every opened stream's deliveries; call after {@link #close()}. */
  public List<List<Delivery>> deliveries() {
    return streams.stream().map(SseStream::deliveries).toList();
  }

  /** Streams that ended before close, with why. */
  public List<String> failures() {
    return streams.stream().map(SseStream::failure).filter(f -> f != null).toList();
  }

  /** Streams whose request failed: an error answer instead of a stream. */
  public List<String> openFailures() {
    return List.copyOf(openFailures);
  }

  /** Ping comments received, summed over subscribers. */
  public long comments() {
    return streams.stream().mapToLong(SseStream::comments).sum();
  }

  @Override
  public void close() throws InterruptedException {
    closing = true;
    synchronized (channels) {
      channels.forEach(SubscriberGroup::closeQuietly);
    }
    for (StreamReader reader : readers) {
      reader.stop();
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
