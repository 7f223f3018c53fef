package dev.turnpike.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.bench.stats.Rounding;
import java.util.List;
import java.util.Locale;

/**
 * Brings a fresh server to its steady state before anything is measured: rounds of every chosen
 * scenario's warm-up load until the JVM's JIT compiler threads used under {@value
 * #SETTLED_PERCENT} % of the server's CPU in a round, at most {@value #MAX_ROUNDS} rounds. On 2
 * cores a compiler still busy with the server's hot code would take a large share of the CPU
 * the measurements need, and the figures would describe a JVM's first minutes, not Turnpike.
 */
public final class ServerWarmUp {
  static final int SETTLED_PERCENT = 10;
  static final int MAX_ROUNDS = 15;

  private ServerWarmUp() {}

  /** Warms the server up; answers what it took (kept with every scenario's results). */
  public static ObjectNode run(BenchContext context, List<Scenario> scenarios) throws Exception {
    ObjectNode summary = JsonNodeFactory.instance.objectNode();
    double share = 100;
    int round = 0;
    long started = System.nanoTime();
    while (share >= SETTLED_PERCENT && round < MAX_ROUNDS) {
      round++;
      long serverBefore = context.server().cpuMillis();
      long compilerBefore = context.server().compilerCpuMillis();
      for (Scenario s : scenarios) {
        s.warmUp(context);
      }
      long server = context.server().cpuMillis() - serverBefore;
      long compiler = context.server().compilerCpuMillis() - compilerBefore;
      share = server == 0 ? 0 : 100.0 * compiler / server;
      context.log(
          "warm-up round %d: the JIT compiler used %d of the server's %d ms of CPU (%.1f %%)",
          round, compiler, server, share);
    }
    summary.put("rounds", round);
    summary.put("seconds", Rounding.two((System.nanoTime() - started) / 1e9));
    summary.put("compiler_percent_last_round", Rounding.two(share));
    summary.put("settled", share < SETTLED_PERCENT);
    return summary;
  }

  /** One sentence for the report, from {@link #run}'s summary; empty if there was none. */
  public static String describe(JsonNode summary) {
    if (summary.isMissingNode()) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "Before anything was measured the server was warmed up: %d round(s) of every chosen"
            + " scenario's warm-up load (%.0f s). In the last round the JVM's JIT compiler"
            + " threads still used %.1f %% of the server's CPU%s.",
        summary.path("rounds").asInt(),
        summary.path("seconds").asDouble(),
        summary.path("compiler_percent_last_round").asDouble(),
        summary.path("settled").asBoolean()
            ? ""
            : " (the warm-up stops below " + SETTLED_PERCENT + " % or after " + MAX_ROUNDS
                + " rounds)");
  }
}
