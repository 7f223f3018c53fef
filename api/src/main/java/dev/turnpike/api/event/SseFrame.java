package dev.turnpike.api.event;

import java.nio.charset.StandardCharsets;

/** One pre-encoded Server-Sent Events frame: an event (id, event, data) or a comment. */
public record SseFrame(byte[] bytes) {
  public static SseFrame event(String id, String name, String json) {
    StringBuilder b = new StringBuilder(json.length() + 64);
    b.append("id: ").append(id).append('\n');
    b.append("event: ").append(name).append('\n');
    for (String line : json.split("\n", -1)) {
      b.append("data: ").append(line).append('\n');
    }
    b.append('\n');
    return new SseFrame(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A comment line: ignored by clients, keeps proxies from closing an idle stream. */
  public static SseFrame comment(String text) {
    return new SseFrame((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
  }
}
