package dev.turnpike.bench.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import dev.turnpike.bench.stats.Rounding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who used the CPU during a measurement, in percent of the whole machine (all cores = 100): the
 * server JVM, this client, and everything else (embedded PostgreSQL, other work on the machine).
 * On a shared 2-core machine this tells a slow server from a busy machine.
 */
public final class CpuMeter {
  /** USER_HZ: the unit of /proc CPU times on Linux. */
  private static final double TICK_NANOS = 1e9 / 100;
  private final long serverPid;
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  public CpuMeter(long serverPid) {
    this.serverPid = serverPid;
  }

  /** CPU counters at one instant. */
  public record Sample(long machineBusyTicks, long machineTotalTicks, long serverTicks, long clientNanos) {}

  public Sample sample() {
    long[] machine = machineTicks();
    return new Sample(machine[0], machine[1], serverTicks(), os.getProcessCpuTime());
  }

  /** The shares of the machine used since {@code before}. */
  public ObjectNode since(Sample before) {
    Sample now = sample();
    double total = now.machineTotalTicks() - before.machineTotalTicks();
    double machine = pct(now.machineBusyTicks() - before.machineBusyTicks(), total);
    double server = pct(now.serverTicks() - before.serverTicks(), total);
    double client = pct((now.clientNanos() - before.clientNanos()) / TICK_NANOS, total);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("cores", Runtime.getRuntime().availableProcessors());
    o.put("server_cpu_ms", Rounding.two((now.serverTicks() - before.serverTicks()) * TICK_NANOS / 1e6));
    o.put("machine_pct", Rounding.two(machine));
    o.put("server_pct", Rounding.two(server));
    o.put("client_pct", Rounding.two(client));
    o.put("other_pct", Rounding.two(Math.max(0, machine - server - client)));
    return o;
  }

  private static double pct(double part, double total) {
    return total <= 0 ? 0 : 100 * part / total;
  }

  /** {busy, total} jiffies over all cores, from the first line of /proc/stat. */
  private static long[] machineTicks() {
    String[] f = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow().trim().split("\\s+");
    long total = 0;
    for (int i = 1; i <= 8 && i < f.length; i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    return new long[] {total - idle, total};
  }

  /** utime + stime of the server process, from /proc/<pid>/stat. */
  private long serverTicks() {
    String stat = read(Path.of("/proc", Long.toString(serverPid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
