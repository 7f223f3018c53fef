package dev.turnpike.activities.testing;

import java.io.IOException;
import java.net.ServerSocket;

/** TCP ports for servers that tests start. */
public final class Ports {
  private Ports() {}

  /** A port nobody listens on right now (the caller binds it moments later). */
  public static int free() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
