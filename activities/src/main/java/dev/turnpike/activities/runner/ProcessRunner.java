package dev.turnpike.activities.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.activities.event.EventData;
import dev.turnpike.activities.event.EventTypes;
import dev.turnpike.activities.runner.RunnerContext.Emission;
import dev.turnpike.activities.sandbox.Sandbox;
import dev.turnpike.workflows.turn.Failure;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a local command (argv, never a shell string) in the session's sandbox, one process per
 * step: the step's input is written to its stdin as one JSON line, each stdout line is an event
 * (docs/runners.md), stderr becomes a log artifact, and a non-zero exit code fails the turn.
 * Cancelling the turn kills the process and everything it started.
 */
@Singleton
public class ProcessRunner extends JsonLineRunner {
  public static final String TYPE = "process";
  static final int STDERR_CAP = 64 * 1024;
  private static final long DEFAULT_TIMEOUT_SECONDS = 3600;

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void validate(JsonNode runner) {
    JsonNode command = runner.get("command");
    if (command == null || !command.isArray() || command.isEmpty()) {
      throw new IllegalArgumentException("runner.command must be a non-empty array of strings");
    }
    command.forEach(
        part -> {
          if (!part.isTextual() || part.asText().isEmpty()) {
            throw new IllegalArgumentException("runner.command must hold only non-empty strings");
          }
        });
    JsonNode timeout = runner.get("timeout_seconds");
    if (timeout != null && !(timeout.canConvertToInt() && timeout.asInt() > 0)) {
      throw new IllegalArgumentException("runner.timeout_seconds must be a positive integer");
    }
  }

  @Override
  Ending produce(RunnerContext context, JsonNode input, LineSink lines)
      throws InterruptedException {
    JsonNode runner = context.agent().runner();
    List<String> argv = new ArrayList<>();
    runner.get("command").forEach(part -> argv.add(part.asText()));
    Sandbox sandbox = context.sandbox();
    long deadline =
        System.nanoTime()
            + TimeUnit.SECONDS.toNanos(runner.path("timeout_seconds").asLong(DEFAULT_TIMEOUT_SECONDS));
    Process process;
    try {
      process = new ProcessBuilder(argv).directory(sandbox.root().toFile()).start();
    } catch (IOException e) {
      return new Ending(new Failure(Failure.RUNNER_ERROR, "could not start " + argv.getFirst()
          + ": " + e.getMessage()));
    }
    Thread reader = null;
    try {
      send(process, input);
      StringBuilder stderr = new StringBuilder();
      Thread errors = Thread.ofVirtual().start(() -> capture(process.getErrorStream(), stderr));
      reader = Thread.ofVirtual().start(() -> read(process, lines));
      while (reader.isAlive()) {
        context.checkpoint(context.position());
        if (System.nanoTime() > deadline) {
          lines.close();
          ProcessTree.kill(process);
          return new Ending(new Failure("process_timeout", "the process ran past its timeout"));
        }
        reader.join(HEARTBEAT_MILLIS);
      }
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        ProcessTree.kill(process);
      }
      errors.join(TimeUnit.SECONDS.toMillis(5));
      logArtifact(context, stderr);
      int code = process.exitValue();
      if (code != 0 && lines.approval == null) {
        return new Ending(
            new Failure(Failure.RUNNER_ERROR, "process exited with code " + code + lastLine(stderr)));
      }
      return Ending.OK;
    } finally {
      if (process.isAlive()) {
        lines.close();
        ProcessTree.kill(process);
      }
      if (reader != null) {
        // A line being written when the step ended lands before the step's result does.
        reader.join(TimeUnit.SECONDS.toMillis(5));
      }
    }
  }

  private static void send(Process process, JsonNode input) {
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write((input.toString() + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The process did not read its input; its exit code and stderr will say why.
    }
  }

  /** Reads stdout until it ends or a line asks for approval (the process then stops). */
  private static void read(Process process, LineSink lines) {
    try {
      if (lines.drain(process.getInputStream())) {
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      // The stream closed: the process ended or was killed.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void capture(InputStream err, StringBuilder into) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (into) {
          if (into.length() < STDERR_CAP) {
            into.append(line).append('\n');
          }
        }
      }
    } catch (IOException e) {
      // closed
    }
  }

  private static void logArtifact(RunnerContext context, StringBuilder stderr) {
    String log;
    synchronized (stderr) {
      log = stderr.toString();
    }
    if (log.isEmpty()) {
      return;
    }
    int step = context.position();
    context.emitLine(
        step,
        Integer.MAX_VALUE,
        new Emission(
            EventTypes.ARTIFACT_CREATED,
            EventData.object()
                .put("name", "process-step-" + step + ".log")
                .put("kind", "log")
                .put("media_type", "text/plain")
                .put("size_bytes", log.getBytes(StandardCharsets.UTF_8).length)
                .put("content", log)));
  }

  private static String lastLine(StringBuilder stderr) {
    String text = stderr.toString().strip();
    return text.isEmpty() ? "" : ": " + text.substring(text.lastIndexOf('\n') + 1);
  }
}
