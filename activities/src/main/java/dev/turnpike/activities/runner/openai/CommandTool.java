package dev.turnpike.activities.runner.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.activities.event.EventData;
import dev.turnpike.activities.runner.ProcessTree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code run_command} tool: an argv (never a shell string) run in the sandbox root with a
 * small environment, its stdout and stderr together capped at 16 KiB, killed with everything it
 * started when it passes its timeout or when the heartbeat throws (the turn was cancelled).
 */
final class CommandTool {
  static final int OUTPUT_CAP = 16 * 1024;
  static final int DEFAULT_TIMEOUT_SECONDS = 30;
  static final int MAX_TIMEOUT_SECONDS = 300;
  private static final long TICK_MILLIS = 250;
  /** The worker's environment holds secrets (API keys, database URLs): pass on only these. */
  private static final List<String> INHERITED_ENV = List.of("PATH", "LANG", "LC_ALL", "TZ");

  private CommandTool() {}

  static ToolResult run(JsonNode args, Path root, Runnable heartbeat) throws InterruptedException {
    JsonNode argvNode = args.path("argv");
    if (!argvNode.isArray() || argvNode.isEmpty()) {
      return ToolResult.failed("argv must be a non-empty array of strings");
    }
    List<String> argv = new ArrayList<>();
    for (JsonNode part : argvNode) {
      if (!part.isTextual()) {
        return ToolResult.failed("argv must hold only strings");
      }
      argv.add(part.asText());
    }
    int timeout = Math.clamp(
        args.path("timeout_seconds").asInt(DEFAULT_TIMEOUT_SECONDS), 1, MAX_TIMEOUT_SECONDS);
    ProcessBuilder builder =
        new ProcessBuilder(argv).directory(root.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    Map<String, String> inherited = Map.copyOf(env);
    env.clear();
    INHERITED_ENV.forEach(k -> {
      if (inherited.containsKey(k)) {
        env.put(k, inherited.get(k));
      }
    });
    env.put("HOME", root.toString());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return ToolResult.failed("could not start " + argv.getFirst() + ": " + e.getMessage());
    }
    try {
      return await(process, timeout, heartbeat);
    } finally {
      ProcessTree.kill(process);
    }
  }

  private static ToolResult await(Process process, int timeoutSeconds, Runnable heartbeat)
      throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // it takes no input either way
    }
    CappedOutput output = new CappedOutput();
    Thread reader = Thread.ofVirtual().start(() -> output.drain(process.getInputStream()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    boolean timedOut = false;
    while (!process.waitFor(TICK_MILLIS, TimeUnit.MILLISECONDS)) {
      heartbeat.run();
      if (System.nanoTime() > deadline) {
        ProcessTree.kill(process);
        timedOut = true;
        break;
      }
    }
    // A background child may keep the pipe open after the process ended: do not wait for it.
    reader.join(1_000);
    ObjectNode result = EventData.object();
    if (timedOut) {
      result.put("timed_out", true).put("timeout_seconds", timeoutSeconds);
    } else {
      result.put("exit_code", process.exitValue());
    }
    result.put("output", output.text());
    String json = result.toString();
    return !timedOut && process.exitValue() == 0
        ? ToolResult.succeeded(json)
        : new ToolResult("failed", json);
  }

  /** Keeps the first 16 KiB of the output and discards the rest, so the process never blocks. */
  private static final class CappedOutput {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private boolean truncated;

    void drain(InputStream in) {
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          synchronized (this) {
            int room = OUTPUT_CAP - kept.size();
            kept.write(buffer, 0, Math.min(room, n));
            truncated |= n > room;
          }
        }
      } catch (IOException e) {
        // the process was killed: keep what arrived
      }
    }

    synchronized String text() {
      String text = kept.toString(StandardCharsets.UTF_8);
      return truncated ? text + "\n[output truncated at " + OUTPUT_CAP + " bytes]" : text;
    }
  }
}
