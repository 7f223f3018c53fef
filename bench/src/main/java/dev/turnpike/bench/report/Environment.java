package dev.turnpike.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where and when a scenario was measured: cores, CPU, memory, JDK, commit, date, load, and how
 * fast the CPU was just then ({@link CpuCalibration}; 0 in results recorded before it existed).
 */
public record Environment(
    int cores,
    String cpu,
    long memoryMiB,
    String jdk,
    String commit,
    String date,
    String load,
    double calibrationMs) {

  public static Environment capture(int cores, String commit) {
    return new Environment(
        cores,
        procField("/proc/cpuinfo", "model name"),
        memTotalMiB(),
        System.getProperty("java.vendor.version", System.getProperty("java.vendor"))
            + " (" + System.getProperty("java.runtime.version") + ")",
        commit,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        loadAverage(),
        CpuCalibration.medianMillis());
  }

  /** The 1, 5 and 15 minute load averages as the scenario starts (the build, other work). */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String procField(String file, String field) {
    try {
      return Files.readAllLines(Path.of(file)).stream()
          .filter(l -> l.startsWith(field))
          .map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static long memTotalMiB() {
    String kb = procField("/proc/meminfo", "MemTotal").replace("kB", "").strip();
    try {
      return Long.parseLong(kb) / 1024;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("cores", cores);
    o.put("cpu", cpu);
    o.put("memory_mib", memoryMiB);
    o.put("jdk", jdk);
    o.put("commit", commit);
    o.put("date", date);
    o.put("load_average", load);
    o.put("cpu_calibration_ms", calibrationMs);
    return o;
  }

  public static Environment fromJson(JsonNode o) {
    return new Environment(
        o.path("cores").asInt(),
        o.path("cpu").asText(),
        o.path("memory_mib").asLong(),
        o.path("jdk").asText(),
        o.path("commit").asText(),
        o.path("date").asText(),
        o.path("load_average").asText(),
        o.path("cpu_calibration_ms").asDouble());
  }

  /** One line for a report. */
  public String describe() {
    String line =
        String.format(
            "%s, on %d cores (`nproc`; %s), %,d MiB RAM, JDK %s, commit `%s`;"
                + " load average at the start %s",
            date, cores, cpu, memoryMiB, jdk, commit, load);
    return calibrationMs <= 0
        ? line
        : line + String.format(
            "; CPU calibration %.1f ms (SHA-256 of 32 MiB on one thread, median of 5: lower is"
                + " faster; this VM's speed drifts, so compare runs only alongside it)",
            calibrationMs);
  }
}
