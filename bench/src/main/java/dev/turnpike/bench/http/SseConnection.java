package dev.turnpike.bench.http;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One {@code Accept: text/event-stream} GET on a plain socket, read as lines by a blocking
 * reader: for a few streams. A thousand at once are {@code sse.SubscriberGroup}'s.
 */
public final class SseConnection implements Closeable {
  private final Socket socket;
  private final BufferedReader lines;

  private SseConnection(Socket socket, BufferedReader lines) {
    this.socket = socket;
    this.lines = lines;
  }

  /** Connects, sends the request and reads the response head; throws unless it is a 200. */
  public static SseConnection open(URI base, String pathAndQuery, String token) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request(base, pathAndQuery, token));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      InputStream body = readHead(in, pathAndQuery) ? new ChunkedInputStream(in) : in;
      return new SseConnection(
          socket, new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** The request bytes of an {@code Accept: text/event-stream} GET of {@code pathAndQuery}. */
  public static byte[] request(URI base, String pathAndQuery, String token) {
    return HttpLines.ascii(
        "GET " + pathAndQuery + " HTTP/1.1\r\n"
            + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
            + "Authorization: Bearer " + token + "\r\n"
            + "Accept: text/event-stream\r\n"
            + "Cache-Control: no-cache\r\n\r\n");
  }

  /**
   * Reads the response head, and not a byte more; throws unless it is a 200. Answers whether
   * the body is in chunked transfer encoding.
   */
  public static boolean readHead(InputStream in, String path) throws IOException {
    String status = HttpLines.readLine(in);
    if (status == null) {
      throw new IOException("GET " + path + ": connection closed before a response");
    }
    boolean chunked = false;
    String header;
    while ((header = HttpLines.readLine(in)) != null && !header.isEmpty()) {
      String h = header.toLowerCase(Locale.ROOT);
      chunked |= h.startsWith("transfer-encoding:") && h.contains("chunked");
    }
    if (!status.startsWith("HTTP/1.1 200")) {
      throw new IOException("GET " + path + " answered '" + status + "'");
    }
    return chunked;
  }

  /** The decoded body, one SSE line at a time. */
  public BufferedReader lines() {
    return lines;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
