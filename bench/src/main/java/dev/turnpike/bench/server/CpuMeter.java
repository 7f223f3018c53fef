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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who used the CPU during a measurement, in percent of the whole machine (all cores = 100): the
 * server JVM, its embedded PostgreSQL, this client, and everything else. On a shared 2-core
 * machine "other" tells a slow server from a busy machine.
 */
public final class CpuMeter {
  /** USER_HZ: the unit of /proc CPU times on Linux. */
  private static final double TICK_NANOS = 1e9 / 100;
  private final long serverPid;
  private final String postgresDataDir;
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /**
   * @param postgresDataDir the server's embedded PostgreSQL data directory: its postmaster is
   *     the process whose command line names it, its backends are that process's children
   */
  public CpuMeter(long serverPid, String postgresDataDir) {
    this.serverPid = serverPid;
    this.postgresDataDir = postgresDataDir;
  }

  /** CPU counters at one instant. */
  public record Sample(
      long machineBusyTicks,
      long machineTotalTicks,
      long serverTicks,
      long postgresTicks,
      long clientNanos) {}

  public Sample sample() {
    long[] machine = machineTicks();
    return new Sample(
        machine[0], machine[1], serverTicks(), postgresTicks(), os.getProcessCpuTime());
  }

  /** The shares of the machine used since {@code before}. */
  public ObjectNode since(Sample before) {
    Sample now = sample();
    double total = now.machineTotalTicks() - before.machineTotalTicks();
    double machine = pct(now.machineBusyTicks() - before.machineBusyTicks(), total);
    double server = pct(now.serverTicks() - before.serverTicks(), total);
    double postgres = pct(now.postgresTicks() - before.postgresTicks(), total);
    double client = pct((now.clientNanos() - before.clientNanos()) / TICK_NANOS, total);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("cores", Runtime.getRuntime().availableProcessors());
    o.put("server_cpu_ms", Rounding.two((now.serverTicks() - before.serverTicks()) * TICK_NANOS / 1e6));
    o.put("machine_pct", Rounding.two(machine));
    o.put("server_pct", Rounding.two(server));
    o.put("postgres_pct", Rounding.two(postgres));
    o.put("client_pct", Rounding.two(client));
    o.put("other_pct", Rounding.two(Math.max(0, machine - server - postgres - client)));
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

  private long serverTicks() {
    return ProcStat.of(serverPid).map(ProcStat::ticks).orElse(0L);
  }

  /** The postmaster and its children; 0 when there is no embedded PostgreSQL to find. */
  private long postgresTicks() {
    if (postgresDataDir == null) {
      return 0;
    }
    List<ProcStat> all = ProcStat.all();
    long self = ProcessHandle.current().pid();
    Set<Long> postmasters = new HashSet<>();
    for (ProcStat p : all) {
      if (p.cmdline().contains("-D " + postgresDataDir) && p.pid() != self) {
        postmasters.add(p.pid());
      }
    }
    return all.stream()
        .filter(p -> postmasters.contains(p.pid()) || postmasters.contains(p.ppid()))
        .mapToLong(ProcStat::ticks)
        .sum();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
