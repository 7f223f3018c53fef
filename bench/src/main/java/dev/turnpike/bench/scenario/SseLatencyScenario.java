package dev.turnpike.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.bench.report.Table;
import dev.turnpike.bench.report.Target;
import dev.turnpike.bench.server.CpuMeter;
import dev.turnpike.bench.sse.DeliveryCheck;
import dev.turnpike.bench.sse.Emitter;
import dev.turnpike.bench.sse.RunningTurn;
import dev.turnpike.bench.sse.SubscriberGroup;
import dev.turnpike.bench.stats.LatencyStats;
import dev.turnpike.bench.stats.Spread;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/** Emit → SSE delivery latency with 1, 100 and 1,000 subscribers of one session. */
final class SseLatencyScenario implements Scenario {
  /** One load level: how many subscribers, how many measured events, how far apart. */
  record Level(int subscribers, int events, int intervalMillis) {}

  static final List<Level> LEVELS =
      List.of(
          new Level(1, 200, 20),
          new Level(100, 100, 20),
          new Level(1000, 100, 20),
          new Level(1000, 50, 100));
  private static final Level WARMUP = new Level(1000, 50, 20);
  private static final int TARGET_SUBSCRIBERS = 1000;
  private static final double TARGET_P99_MS = 25;
  private static final long READY_TIMEOUT_MILLIS = 120_000;
  private static final long DRAIN_TIMEOUT_MILLIS = 10_000;

  @Override
  public String name() {
    return "sse";
  }

  @Override
  public String title() {
    return "Emit → SSE delivery latency";
  }

  @Override
  public String method() {
    return """
        For each level (1, 100 and 1,000 subscribers) the harness starts a fresh session whose
        turn is `sleep: 600000` (it stays `RUNNING`), opens that many
        `GET /v1/agent_sessions/{id}/events` streams with `Accept: text/event-stream` from the
        session's `last_event_cursor`, each on a plain socket read by its own virtual thread.
        It emits one warm-up event with `POST /v1/agent_turns/{id}:emit` and waits until every
        stream has it, so every stream is live. Then it emits K events one at a time, starting
        one every 20 ms at most (a new emit waits for the previous answer), each with a numbered
        `data.content`.

        The **latency** of one delivery is the time a subscriber read the event's `data:` line
        minus the time the emit was sent (`System.nanoTime()` right before the POST, the same
        clock: client and subscribers are one JVM). Every (subscriber, event) pair is one
        sample; p50 and p99 are nearest-rank percentiles over all of them. A run is checked for
        exactly-once, in-order delivery: each subscriber must get every event once, in emit
        order, with gap-free session `sequence` numbers; any violation is counted and shown.

        Each level is measured `runs` times (interleaved: 1, 100, 1,000, 1, 100, …) after one
        unrecorded warm-up run of 100 subscribers. The tables give the median of the runs'
        p50 and p99 with the range (min–max) in brackets. The client runs on the same machine
        as the server, so both share the cores; the emit POST time and the client's own GC time
        are shown so that client effects can be told apart.
        """;
  }

  @Override
  public ObjectNode run(BenchContext context) throws Exception {
    context.log("sse: warm-up, %d subscribers × %d events", WARMUP.subscribers(), WARMUP.events());
    measure(context, WARMUP, "warmup");
    List<List<ObjectNode>> byLevel = new ArrayList<>();
    LEVELS.forEach(l -> byLevel.add(new ArrayList<>()));
    for (int run = 1; run <= context.runs(); run++) {
      for (int i = 0; i < LEVELS.size(); i++) {
        Level level = LEVELS.get(i);
        ObjectNode m =
            measure(
                context,
                level,
                "n" + level.subscribers() + "i" + level.intervalMillis() + "-r" + run);
        context.log(
            "sse: run %d, %4d subscribers, emit every %3d ms: p50 %.2f ms, p99 %.2f ms,"
                + " max %.2f ms, %d deliveries%s",
            run,
            level.subscribers(),
            level.intervalMillis(),
            m.path("latency").path("p50_ms").asDouble(),
            m.path("latency").path("p99_ms").asDouble(),
            m.path("latency").path("max_ms").asDouble(),
            m.path("latency").path("count").asLong(),
            m.path("clean").asBoolean() ? "" : " — DELIVERY VIOLATIONS " + m.path("violations"));
        byLevel.get(i).add(m);
      }
    }
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("runs", context.runs());
    ArrayNode levels = result.putArray("levels");
    for (int i = 0; i < LEVELS.size(); i++) {
      levels.add(summarize(LEVELS.get(i), byLevel.get(i)));
    }
    return result;
  }

  private ObjectNode measure(BenchContext context, Level level, String label) throws Exception {
    RunningTurn turn = RunningTurn.start(context.api(), context.agentId());
    Emitter emitter = new Emitter(context.api(), turn.turnId(), RunIds.next(label));
    long opening = System.nanoTime();
    try (SubscriberGroup group =
        SubscriberGroup.open(
            context.api().base(),
            context.api().token(),
            turn.sessionId(),
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
      m.put("pings", group.comments());
      ObjectNode violations = check.toJson();
      List<String> failures = group.failures();
      if (!failures.isEmpty()) {
        violations.put("streams_ended_early", failures.size());
        ((ArrayNode) violations.get("examples")).add("stream ended early: " + failures.get(0));
      }
      m.put("clean", check.clean() && failures.isEmpty() && notReady == 0);
      m.set("violations", violations);
      return m;
    }
  }

  private static ObjectNode summarize(Level level, List<ObjectNode> runs) {
    ObjectNode s = JsonNodeFactory.instance.objectNode();
    s.put("subscribers", level.subscribers());
    s.put("events_per_run", level.events());
    s.put("interval_ms", level.intervalMillis());
    s.set("p50_ms", spread(runs, "latency", "p50_ms").toJson());
    s.set("p99_ms", spread(runs, "latency", "p99_ms").toJson());
    s.put("max_ms", runs.stream().mapToDouble(r -> r.path("latency").path("max_ms").asDouble()).max().orElse(0));
    s.put("deliveries", runs.stream().mapToLong(r -> r.path("latency").path("count").asLong()).sum());
    s.put("expected_deliveries", (long) level.subscribers() * level.events() * runs.size());
    s.set("fan_out_p50_ms", spread(runs, "fan_out", "p50_ms").toJson());
    s.set("emit_response_p50_ms", spread(runs, "emit_response", "p50_ms").toJson());
    s.put("clean", runs.stream().allMatch(r -> r.path("clean").asBoolean()));
    s.putArray("runs").addAll(runs);
    return s;
  }

  private static Spread spread(List<ObjectNode> runs, String group, String field) {
    return Spread.of(runs.stream().map(r -> r.path(group).path(field).asDouble()).toList());
  }

  @Override
  public List<Table> tables(JsonNode result) {
    List<List<String>> summary = new ArrayList<>();
    List<List<String>> perRun = new ArrayList<>();
    for (JsonNode level : result.path("levels")) {
      summary.add(
          List.of(
              String.format("%,d", level.path("subscribers").asInt()),
              level.path("interval_ms").asText() + " ms",
              level.path("events_per_run").asText() + " × " + level.path("runs").size(),
              String.format(
                  "%,d / %,d",
                  level.path("deliveries").asLong(), level.path("expected_deliveries").asLong()),
              Spread.fromJson(level.path("p50_ms")).format("2"),
              Spread.fromJson(level.path("p99_ms")).format("2"),
              String.format("%.2f", level.path("max_ms").asDouble()),
              Spread.fromJson(level.path("fan_out_p50_ms")).format("2"),
              Spread.fromJson(level.path("emit_response_p50_ms")).format("2"),
              level.path("clean").asBoolean() ? "none" : "**YES** (see runs)"));
      int run = 0;
      for (JsonNode r : level.path("runs")) {
        perRun.add(
            List.of(
                String.format("%,d", r.path("subscribers").asInt()),
                level.path("interval_ms").asText() + " ms",
                String.valueOf(++run),
                String.format("%,d", r.path("latency").path("count").asLong()),
                ms(r.path("latency").path("p50_ms")),
                ms(r.path("latency").path("p99_ms")),
                ms(r.path("latency").path("max_ms")),
                ms(r.path("fan_out").path("p50_ms")),
                ms(r.path("emit_response").path("p50_ms")),
                ms(r.path("emit_response").path("p99_ms")),
                r.path("ready_ms").asText(),
                cpuShares(r.path("cpu")),
                r.path("client_gc_ms").asText(),
                violations(r.path("violations"))));
      }
    }
    return List.of(
        new Table(
            "Emit → SSE delivery latency in ms: median of the runs (min–max of the runs)",
            List.of(
                "subscribers", "one emit every", "events × runs", "deliveries / expected", "p50",
                "p99", "max (all runs)", "fan-out p50", "emit POST p50", "delivery violations"),
            summary),
        new Table(
            "Every run (ms; fan-out: per event, until its last subscriber has it; ready: from"
                + " opening the streams until all have the warm-up event; CPU: share of all"
                + " cores while emitting)",
            List.of(
                "subscribers", "every", "run", "deliveries", "p50", "p99", "max", "fan-out p50",
                "emit POST p50", "emit POST p99", "ready", "CPU % server / client / other",
                "client GC", "violations"),
            perRun));
  }

  private static String ms(JsonNode v) {
    return String.format("%.2f", v.asDouble());
  }

  private static String cpuShares(JsonNode cpu) {
    return String.format(
        "%.0f / %.0f / %.0f",
        cpu.path("server_pct").asDouble(),
        cpu.path("client_pct").asDouble(),
        cpu.path("other_pct").asDouble());
  }

  private static String violations(JsonNode v) {
    List<String> kinds = new ArrayList<>();
    v.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNumber()) {
                kinds.add(e.getKey() + " " + e.getValue().asLong());
              }
            });
    if (kinds.isEmpty()) {
      return "none";
    }
    return String.join(", ", kinds) + "; e.g. "
        + String.join("; ", StreamSupport.stream(v.path("examples").spliterator(), false)
            .map(JsonNode::asText).limit(2).toList());
  }

  @Override
  public List<Target> targets(JsonNode result) {
    List<Target> targets = new ArrayList<>();
    long deliveries = 0;
    boolean clean = true;
    for (JsonNode level : result.path("levels")) {
      deliveries += level.path("expected_deliveries").asLong();
      clean &= level.path("clean").asBoolean();
      if (level.path("subscribers").asInt() == TARGET_SUBSCRIBERS) {
        Spread p99 = Spread.fromJson(level.path("p99_ms"));
        targets.add(
            new Target(
                "emit → SSE p99 under 25 ms at 1,000 subscribers, one emit every "
                    + level.path("interval_ms").asText() + " ms (median of the runs)",
                String.format("%.2f ms (runs %.2f–%.2f)", p99.median(), p99.min(), p99.max()),
                p99.median() < TARGET_P99_MS));
      }
    }
    targets.add(
        new Target(
            "every subscriber gets every event exactly once, in order",
            clean
                ? String.format("yes, %,d deliveries checked", deliveries)
                : "NO: violations, see the runs",
            clean));
    return targets;
  }
}
