package dev.turnpike.bench.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.bench.server.CpuMeter;
import dev.turnpike.bench.sse.DeliveryCheck;
import dev.turnpike.bench.sse.Emitter;
import dev.turnpike.bench.sse.RunningTurn;
import dev.turnpike.bench.sse.SubscriberGroup;
import dev.turnpike.bench.stats.LatencyStats;
import dev.turnpike.bench.stats.Rounding;
import java.util.List;

/**
 * One emit → SSE measurement: a fresh running turn, N live streams (proved by a warm-up event),
 * K paced emits, then the delivery check and the figures.
 */
final class SseMeasurement {
  private static final long READY_TIMEOUT_MILLIS = 120_000;
  private static final long DRAIN_TIMEOUT_MILLIS = 10_000;

  private SseMeasurement() {}

  /** Measures one level once; answers the run's figures and delivery check as JSON. */
  static ObjectNode run(BenchContext context, SseLatencyScenario.Level level, String label)
      throws Exception {
    RunningTurn turn = RunningTurn.start(context.api(), context.agentId());
    try {
      return measure(context, level, label, turn);
    } finally {
      turn.cancel(context.api());
    }
  }

  private static ObjectNode measure(
      BenchContext context, SseLatencyScenario.Level level, String label, RunningTurn turn)
      throws Exception {
    Emitter emitter = new Emitter(context.api(), turn.turnId(), RunIds.next(label));
    long opening = System.nanoTime();
    try (SubscriberGroup group =
        SubscriberGroup.open(
            context.api().base(),
            context.api().token(),
            turn.sessionId(),
            turn.newestCursor(context.api()),
            level.subscribers(),
            READY_TIMEOUT_MILLIS)) {
      group.watchFor(emitter.content("warmup"));
      emitter.emit("warmup");
      long notReady = group.awaitMarker(READY_TIMEOUT_MILLIS);
      double readyMs = (System.nanoTime() - opening) / 1e6;
      System.gc(); // an empty young generation: no client GC pause while measuring
      long gcBefore = ClientGc.totalMillis();
      CpuMeter.Sample cpuBefore = context.cpu().sample();
      group.watchFor(emitter.content(String.valueOf(level.events() - 1)));
      Emitter.Emits emits = emitter.emitPaced(level.events(), level.intervalMillis());
      group.awaitMarker(DRAIN_TIMEOUT_MILLIS);
      ObjectNode cpu = context.cpu().since(cpuBefore);
      long clientGcMs = ClientGc.totalMillis() - gcBefore;
      group.close();
      DeliveryCheck check =
          DeliveryCheck.of(
              group.deliveries(), emitter.content("warmup"), emits.contents(), emits.sentNanos());
      ObjectNode m = JsonNodeFactory.instance.objectNode();
      m.put("subscribers", level.subscribers());
      m.put("events", level.events());
      m.put("session_id", turn.sessionId());
      m.set("latency", LatencyStats.of(check.latencies()).toJson());
      m.set("fan_out", LatencyStats.of(check.fanOuts()).toJson());
      m.set("emit_response", LatencyStats.of(emits.responseNanos()).toJson());
      m.put("ready_ms", Math.round(readyMs));
      m.put("not_ready", notReady);
      m.put("client_gc_ms", clientGcMs);
      m.set("cpu", cpu);
      double deliveries = Math.max(1, check.latencies().length);
      m.put(
          "server_cpu_us_per_delivery",
          Rounding.two(cpu.path("server_cpu_ms").asDouble() * 1000 / deliveries));
      m.put("pings", group.comments());
      ObjectNode violations = check.toJson();
      List<String> failures = group.failures();
      List<String> openFailures = group.openFailures();
      m.put("open_failures", openFailures.size());
      if (!openFailures.isEmpty()) {
        m.put("open_failure_example", openFailures.get(0));
      }
      if (!failures.isEmpty()) {
        violations.put("streams_failed", failures.size());
        ((ArrayNode) violations.get("examples")).add("stream failed: " + failures.get(0));
      }
      m.put("clean", check.clean() && failures.isEmpty() && notReady == 0);
      m.set("violations", violations);
      return m;
    }
  }
}
