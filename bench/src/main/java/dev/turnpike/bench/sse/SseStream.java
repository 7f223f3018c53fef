package dev.turnpike.bench.sse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One subscriber's stream as its reader thread sees it: raw bytes in, as they arrive, and out
 * the {@code data:} lines, each stamped with the moment the read that completed it returned.
 * It decodes chunked transfer encoding and splits SSE lines itself, byte by byte, with no
 * stream objects, decoder or thread of its own: the harness shares the server's cores, so
 * every microsecond it spends per delivery is one the server does not get.
 */
final class SseStream {
  private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

  private enum Chunk { SIZE, EXTENSION, BODY, BODY_END, ENDED }

  private final SubscriberGroup group;
  private final boolean chunked;
  private final List<Delivery> deliveries = new ArrayList<>();
  private Chunk chunk = Chunk.SIZE;
  private long chunkRemaining;
  private byte[] line = new byte[1024];
  private int lineLength;
  private int comments;
  private volatile String failure;

  SseStream(SubscriberGroup group, boolean chunked) {
    this.group = group;
    this.chunked = chunked;
  }

  /** Feeds {@code length} bytes of the response body, read at {@code nanos}. */
  void accept(byte[] bytes, int length, long nanos) {
    for (int i = 0; i < length && chunk != Chunk.ENDED; i++) {
      byte b = bytes[i];
      if (!chunked) {
        body(b, nanos);
        continue;
      }
      switch (chunk) {
        case SIZE -> size(b);
        case EXTENSION -> {
          if (b == '\n') {
            startBody();
          }
        }
        case BODY -> {
          body(b, nanos);
          if (--chunkRemaining == 0) {
            chunk = Chunk.BODY_END;
          }
        }
        case BODY_END -> chunk = b == '\n' ? Chunk.SIZE : Chunk.BODY_END;
        case ENDED -> { }
      }
    }
  }

  private void size(byte b) {
    int digit = Character.digit(b, 16);
    if (digit >= 0) {
      chunkRemaining = chunkRemaining * 16 + digit;
    } else if (b == '\n') {
      startBody();
    } else if (b != '\r') {
      chunk = Chunk.EXTENSION;
    }
  }

  private void startBody() {
    if (chunkRemaining == 0) {
      chunk = Chunk.ENDED;
      ended("the server ended the stream (last chunk)");
    } else {
      chunk = Chunk.BODY;
    }
  }

  private void body(byte b, long nanos) {
    if (b != '\n') {
      if (lineLength == line.length) {
        line = Arrays.copyOf(line, line.length * 2);
      }
      line[lineLength++] = b;
      return;
    }
    int end = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
    if (startsWith(DATA, end)) {
      int from = end > DATA.length && line[DATA.length] == ' ' ? DATA.length + 1 : DATA.length;
      String data = new String(line, from, end - from, StandardCharsets.UTF_8);
      deliveries.add(new Delivery(nanos, data));
      group.seen(this, data);
    } else if (end > 0 && line[0] == ':') {
      comments++;
    }
    lineLength = 0;
  }

  private boolean startsWith(byte[] prefix, int end) {
    return end >= prefix.length && Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** The stream ended before the harness closed it; {@code why} unless it was closing anyway. */
  void ended(String why) {
    if (!group.closing() && failure == null) {
      failure = why;
    }
  }

  /** Read only after the group is closed (its reader threads have ended). */
  List<Delivery> deliveries() {
    return deliveries;
  }

  int comments() {
    return comments;
  }

  /** Why the stream ended before the benchmark closed it, or null. */
  String failure() {
    return failure;
  }
}
