package dev.turnpike.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks into the server JVM from outside: full GC and used heap by jcmd, RSS and CPU times from
 * /proc.
 */
public final class ServerProbe {
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s.*?used (\\d+)K");
  private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
  private final long pid;
  private final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");

  public ServerProbe(long pid) {
    this.pid = pid;
  }

  /** {@code jcmd <pid> GC.run}: a full, synchronous collection. */
  public void gc() throws IOException, InterruptedException {
    jcmd("GC.run");
  }

  /** Used heap, in bytes, from the first heap line of {@code jcmd <pid> GC.heap_info}. */
  public long heapUsedBytes() throws IOException, InterruptedException {
    String info = jcmd("GC.heap_info");
    Matcher m = HEAP_USED.matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("no 'used …K' in GC.heap_info:\n" + info);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  /** A full GC, then the used heap. */
  public long heapUsedAfterGc() throws IOException, InterruptedException {
    gc();
    return heapUsedBytes();
  }

  /** Resident set size of the server process (its JVM; embedded PostgreSQL runs apart). */
  public long rssBytes() throws IOException {
    String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
    Matcher m = VM_RSS.matcher(status);
    if (!m.find()) {
      throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  /** CPU time the whole server process has used, in ms. */
  public long cpuMillis() throws IOException {
    return ticksToMillis(ProcStat.cpuTicks(Path.of("/proc", Long.toString(pid), "stat")));
  }

  /**
   * CPU time the server's JIT compiler threads have used, in ms: while it still grows quickly the
   * JVM is compiling hot code, and measurements would share the cores with the compiler.
   */
  public long compilerCpuMillis() throws IOException {
    long ticks = 0;
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm"));
          if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            ticks += ProcStat.cpuTicks(task.resolve("stat"));
          }
        } catch (IOException gone) {
          // the thread ended while listing
        }
      }
    }
    return ticksToMillis(ticks);
  }

  /** /proc CPU times are in USER_HZ ticks, 100 per second on Linux. */
  private static long ticksToMillis(long ticks) {
    return ticks * 10;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + out);
    }
    return out;
  }
}
