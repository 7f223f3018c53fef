package dev.turnpike.bench.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads CRLF-terminated protocol lines (status, headers, chunk sizes) byte by byte. */
final class HttpLines {
  private HttpLines() {}

  /** The line without its line break, or null at the end of the stream. */
  static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder(64);
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      line.append((char) c);
    }
    return line.isEmpty() ? null : line.toString();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
