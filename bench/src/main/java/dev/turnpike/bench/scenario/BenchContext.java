package dev.turnpike.bench.scenario;

import dev.turnpike.bench.http.ApiClient;
import dev.turnpike.bench.server.CpuMeter;
import dev.turnpike.bench.server.ServerProbe;

/** What a scenario works with: the API, the server process, CPU shares, how often to repeat. */
public final class BenchContext {
  private final ApiClient api;
  private final ServerProbe server;
  private final CpuMeter cpu;
  private final int runs;
  private final long freshRssBytes;
  private String agentId;

  public BenchContext(
      ApiClient api, ServerProbe server, CpuMeter cpu, int runs, long freshRssBytes) {
    this.api = api;
    this.server = server;
    this.cpu = cpu;
    this.runs = runs;
    this.freshRssBytes = freshRssBytes;
  }

  /** The server's RSS as the harness started: healthy, idle, before any scenario ran. */
  public long freshRssBytes() {
    return freshRssBytes;
  }

  public ApiClient api() {
    return api;
  }

  public ServerProbe server() {
    return server;
  }

  public CpuMeter cpu() {
    return cpu;
  }

  /** How many measured repetitions of each figure (at least 3 for a published number). */
  public int runs() {
    return runs;
  }

  /** The one scripted agent every scenario's sessions belong to. */
  public synchronized String agentId() {
    if (agentId == null) {
      agentId = api.createAgent("bench");
    }
    return agentId;
  }

  /** Prints progress to stderr so stdout stays the result table. */
  public void log(String format, Object... args) {
    System.err.printf("[bench] " + format + "%n", args);
  }
}
