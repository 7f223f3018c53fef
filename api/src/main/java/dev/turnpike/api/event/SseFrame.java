package dev.turnpike.api.event;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

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

  /** Several frames written as one, in order; a client reads them as separate events. */
  public static SseFrame joined(List<SseFrame> frames) {
    if (frames.size() == 1) {
      return frames.getFirst();
    }
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(frames.stream().mapToInt(f -> f.bytes().length).sum());
    frames.forEach(f -> out.writeBytes(f.bytes()));
    return new SseFrame(out.toByteArray());
  }

  /** A comment line: ignored by clients, keeps proxies from closing an idle stream. */
  public static SseFrame comment(String text) {
    return new SseFrame((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
  }
}
