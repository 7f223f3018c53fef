package dev.turnpike.api.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real separate JVM on this test's classpath (a Temporal server, a Turnpike worker), with its
 * output in a log file under target/ so a failing test can be read afterwards.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path log;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static ChildJvm start(
      String name, String mainClass, List<String> args, Map<String, String> env,
      Map<String, String> systemProperties) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m",
        "--enable-native-access=ALL-UNNAMED"));
    systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    Path dir = Path.of("target", "child-jvms");
    Files.createDirectories(dir);
    Path log = dir.resolve(name + "-" + System.nanoTime() + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return new ChildJvm(pb.start(), log);
  }

  /** Kills the JVM at once, as a crash or an OOM killer would: no shutdown hooks run. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until the log shows {@code text}; fails if the JVM exits or time runs out. */
  public void awaitLog(String text, long timeoutMillis) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("child JVM exited; its log " + log + ":\n" + Files.readString(log));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("child JVM never logged '" + text + "'; see " + log.toAbsolutePath());
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
