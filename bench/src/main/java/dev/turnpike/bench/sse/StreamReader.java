package dev.turnpike.bench.sse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One platform thread that reads many streams through one {@link Selector}: a read per stream
 * that has bytes, no thread per stream to park and wake. Measured against a plain NIO server,
 * this costs the harness about half the CPU per delivery of a virtual thread per stream reading
 * through buffered readers (see bench/profiling.md).
 */
final class StreamReader implements Runnable {
  private record Added(SocketChannel channel, SseStream stream) {}

  private final Selector selector;
  private final Queue<Added> added = new ConcurrentLinkedQueue<>();
  private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
  private final Thread thread;
  private volatile boolean running = true;

  StreamReader(String name) {
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    thread = Thread.ofPlatform().name(name).daemon().start(this);
  }

  /** Hands over a connected, non-blocking channel whose response head has been read. */
  void add(SocketChannel channel, SseStream stream) {
    added.add(new Added(channel, stream));
    selector.wakeup();
  }

  @Override
  public void run() {
    try {
      while (running) {
        registerAdded();
        selector.select();
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          read(key);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void registerAdded() throws IOException {
    Added a;
    while ((a = added.poll()) != null) {
      a.channel().register(selector, SelectionKey.OP_READ, a.stream());
    }
  }

  private void read(SelectionKey key) {
    SseStream stream = (SseStream) key.attachment();
    SocketChannel channel = (SocketChannel) key.channel();
    buffer.clear();
    int n;
    try {
      n = channel.read(buffer);
    } catch (IOException e) {
      stream.ended(e.toString());
      n = -1;
    }
    if (n < 0) {
      stream.ended("stream ended by the server");
      key.cancel();
      return;
    }
    stream.accept(buffer.array(), n, System.nanoTime());
  }

  /** Stops the thread and waits for it; the streams' channels are the group's to close. */
  void stop() throws InterruptedException {
    running = false;
    selector.wakeup();
    thread.join(10_000);
    try {
      selector.close();
    } catch (IOException e) {
      // stopping anyway
    }
  }
}
