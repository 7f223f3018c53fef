import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The floor under emit → SSE fan-out on this machine: a server with no framework, no database
 * and no JSON, that writes one pre-encoded ~400-byte frame to each of N loopback connections per
 * event, and a client that reads them on the same cores. Whatever latency this shows, Turnpike
 * cannot beat on the same machine. Run it with bench/floor/run; see bench/profiling.md.
 *
 * <pre>
 * java SseFloor.java server PORT STREAMS EVENTS INTERVAL_MS WRITER_THREADS
 * java SseFloor.java client PORT STREAMS EVENTS SKIP threads|selector
 * </pre>
 *
 * The server stamps each frame with System.nanoTime() just before its first write (one clock:
 * CLOCK_MONOTONIC, shared by every process on Linux); the client takes the difference when it
 * reads the frame and prints p50, p99 and max over all deliveries after the first SKIP events
 * (the JIT's warm-up), and the per-event fan-out (until the last stream has it).
 */
public class SseFloor {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[1]);
    int streams = Integer.parseInt(args[2]);
    int events = Integer.parseInt(args[3]);
    if (args[0].equals("server")) {
      serve(port, streams, events, Integer.parseInt(args[4]), Integer.parseInt(args[5]));
    } else {
      long[][] latency = new long[streams][events];
      for (long[] row : latency) {
        Arrays.fill(row, -1);
      }
      if (args[5].equals("selector")) {
        readWithSelectors(port, streams, latency);
      } else {
        readWithThreads(port, streams, latency);
      }
      report(latency, Integer.parseInt(args[4]));
    }
  }

  private static void serve(int port, int streams, int events, int intervalMs, int writers)
      throws Exception {
    ServerSocketChannel server = ServerSocketChannel.open();
    server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    server.bind(new InetSocketAddress("127.0.0.1", port), streams);
    List<List<SocketChannel>> groups = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      groups.add(new ArrayList<>());
    }
    byte[] head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n: connected\n\n"
            .getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < streams; i++) {
      SocketChannel c = server.accept();
      c.setOption(StandardSocketOptions.TCP_NODELAY, true);
      skipRequest(c);
      c.write(ByteBuffer.wrap(head));
      c.configureBlocking(false);
      groups.get(i % writers).add(c);
    }
    Thread.sleep(2000);
    ExecutorService[] loops = new ExecutorService[writers];
    for (int i = 0; i < writers; i++) {
      loops[i] = Executors.newSingleThreadExecutor();
    }
    String padding = "x".repeat(300);
    for (int k = 0; k < events; k++) {
      Thread.sleep(intervalMs);
      long sent = System.nanoTime();
      byte[] frame =
          ("id: " + k + "\nevent: message\ndata: {\"sent\":" + sent + ",\"k\":" + k + ",\"pad\":\""
                  + padding + "\"}\n\n")
              .getBytes(StandardCharsets.UTF_8);
      for (int w = 0; w < writers; w++) {
        List<SocketChannel> group = groups.get(w);
        loops[w].execute(() -> group.forEach(c -> writeFully(c, frame)));
      }
    }
    Thread.sleep(2000);
    for (ExecutorService loop : loops) {
      loop.shutdown();
    }
    for (List<SocketChannel> group : groups) {
      for (SocketChannel c : group) {
        c.close();
      }
    }
  }

  private static void skipRequest(SocketChannel c) throws IOException {
    ByteBuffer request = ByteBuffer.allocate(4096);
    while (!new String(request.array(), 0, request.position(), StandardCharsets.US_ASCII)
        .contains("\r\n\r\n")) {
      c.read(request);
    }
  }

  private static void writeFully(SocketChannel c, byte[] frame) {
    try {
      ByteBuffer b = ByteBuffer.wrap(frame);
      while (b.hasRemaining()) {
        c.write(b);
      }
    } catch (IOException e) {
      // that stream is gone; the client counts it as missing
    }
  }

  private static byte[] request() {
    return "GET /events HTTP/1.1\r\nHost: floor\r\nAccept: text/event-stream\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The bench harness before 2026-11-23: a virtual thread per stream, reading lines. */
  private static void readWithThreads(int port, int streams, long[][] latency) throws Exception {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      int s = i;
      threads.add(Thread.ofVirtual().start(() -> readLines(port, latency[s])));
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  private static void readLines(int port, long[] latency) {
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      socket.getOutputStream().write(request());
      BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(
                  new BufferedInputStream(socket.getInputStream(), 16 * 1024),
                  StandardCharsets.UTF_8));
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("data:")) {
          long now = System.nanoTime();
          byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
          record(bytes, bytes.length, now, latency);
        }
      }
    } catch (IOException e) {
      // the server closed the streams: done
    }
  }

  /** The bench harness from 2026-11-23 on: two selector threads, bytes parsed in place. */
  private static void readWithSelectors(int port, int streams, long[][] latency) throws Exception {
    int readers = 2;
    Selector[] selectors = new Selector[readers];
    for (int r = 0; r < readers; r++) {
      selectors[r] = Selector.open();
    }
    for (int i = 0; i < streams; i++) {
      SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      c.setOption(StandardSocketOptions.TCP_NODELAY, true);
      c.write(ByteBuffer.wrap(request()));
      c.configureBlocking(false);
      c.register(selectors[i % readers], SelectionKey.OP_READ, latency[i]);
    }
    CountDownLatch done = new CountDownLatch(readers);
    for (int r = 0; r < readers; r++) {
      Selector selector = selectors[r];
      Thread.ofPlatform().start(() -> {
        readSelected(selector);
        done.countDown();
      });
    }
    done.await();
  }

  private static void readSelected(Selector selector) {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    int open = selector.keys().size();
    try {
      while (open > 0) {
        selector.select();
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          buffer.clear();
          int n = ((SocketChannel) key.channel()).read(buffer);
          if (n < 0) {
            key.channel().close();
            open--;
          } else {
            record(buffer.array(), n, System.nanoTime(), (long[]) key.attachment());
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Finds every {@code "sent":N,"k":K} in the bytes and records now − N for event K. */
  private static void record(byte[] bytes, int length, long now, long[] latency) {
    byte[] marker = "\"sent\":".getBytes(StandardCharsets.US_ASCII);
    for (int p = 0; p + marker.length < length; p++) {
      if (!Arrays.equals(bytes, p, p + marker.length, marker, 0, marker.length)) {
        continue;
      }
      int q = p + marker.length;
      long sent = 0;
      while (Character.isDigit(bytes[q])) {
        sent = sent * 10 + (bytes[q++] - '0');
      }
      q += ",\"k\":".length();
      int k = 0;
      while (Character.isDigit(bytes[q])) {
        k = k * 10 + (bytes[q++] - '0');
      }
      latency[k] = now - sent;
      p = q;
    }
  }

  private static void report(long[][] latency, int skip) {
    int events = latency[0].length;
    List<Long> all = new ArrayList<>();
    long[] fanOut = new long[events - skip];
    int missing = 0;
    for (long[] stream : latency) {
      for (int k = skip; k < events; k++) {
        if (stream[k] < 0) {
          missing++;
        } else {
          all.add(stream[k]);
          fanOut[k - skip] = Math.max(fanOut[k - skip], stream[k]);
        }
      }
    }
    all.sort(null);
    Arrays.sort(fanOut);
    System.out.printf(
        "deliveries %d, missing %d: p50 %.2f ms, p99 %.2f ms, max %.2f ms; fan-out p50 %.2f ms%n",
        all.size(),
        missing,
        all.get(all.size() / 2) / 1e6,
        all.get((int) (all.size() * 0.99)) / 1e6,
        all.getLast() / 1e6,
        fanOut[fanOut.length / 2] / 1e6);
  }
}
