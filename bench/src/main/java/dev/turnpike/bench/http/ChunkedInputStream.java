package dev.turnpike.bench.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of an HTTP/1.1 response in chunked transfer encoding. A read returns as soon as one
 * chunk has bytes, so a streamed frame is seen when it arrives, not when a buffer fills.
 */
final class ChunkedInputStream extends InputStream {
  private final InputStream in;
  private long remaining;
  private boolean afterChunk;
  private boolean ended;

  ChunkedInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (remaining == 0) {
      if (ended) {
        return -1;
      }
      nextChunk();
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new EOFException("connection closed inside a chunk");
    }
    remaining -= n;
    afterChunk = remaining == 0;
    return n;
  }

  /** Reads the next chunk's size line (first the CRLF that ends the previous chunk). */
  private void nextChunk() throws IOException {
    if (afterChunk) {
      HttpLines.readLine(in);
      afterChunk = false;
    }
    String line = HttpLines.readLine(in);
    if (line == null) {
      throw new EOFException("connection closed before the last chunk");
    }
    int semicolon = line.indexOf(';');
    String size = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
    remaining = Long.parseLong(size, 16);
    if (remaining == 0) {
      ended = true;
    }
  }
}
