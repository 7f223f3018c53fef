package dev.turnpike.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.bench.report.Table;
import dev.turnpike.bench.report.Target;
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
  /** A measurement during which other work used more of the machine than this is repeated. */
  private static final double DISTURBED_OTHER_PCT = 15;
  private static final int MAX_REPEATS = 3;

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
        Each measurement starts a fresh session whose turn is `sleep: 600000` (it stays
        `RUNNING` for ten minutes; the harness cancels it when the measurement ends) and opens N streams of `GET /v1/agent_sessions/{id}/events`
        with `Accept: text/event-stream` from the session's `last_event_cursor` (`?cursor=`),
        each on a plain socket, and waits until every stream has its response head (the server
        sends it with a `: connected` comment). Two harness threads then read all the streams
        through one selector each and decode chunks and SSE lines in place, with no thread per
        stream: the harness shares the server's cores, so its cost per delivery is kept low.
        The harness emits one warm-up event with
        `POST /v1/agent_turns/{id}:emit` and waits until every stream has it, so all N streams
        are live. Then it emits K numbered events one at a time (a new emit waits for the
        previous answer), starting one every 20 ms (or 100 ms) at most.

        - **latency** of one delivery: the moment a subscriber read the event's `data:` line
          minus the moment the emit was sent (`System.nanoTime()` right before the POST; one
          JVM, one clock). Every (subscriber, event) pair is one sample; p50 and p99 are
          nearest-rank percentiles over all samples of a run, max is the worst sample.
        - **fan-out**: per event, the latency of its *last* subscriber, i.e. how long the
          server took to get the event to all N. When the fan-out p50 is longer than the gap
          between emits, events queue up and the latency of later events grows: the server
          is overloaded at that pace, and the figure measures the backlog as much as the path.
        - **emit POST**: how long `:emit` took to answer (store, commit, notify). Delivery
          cannot start before the commit, so this is the floor under the latency.
        - **delivery violations**: every subscriber must get every event exactly once, in emit
          order, with gap-free session `sequence` numbers. Missing, duplicated, reordered or
          unexpected events, gaps, and streams the server ended are counted and shown.
        - **CPU %**: shares of the whole machine (all cores = 100) while emitting: the server
          JVM, its embedded PostgreSQL (the postmaster and its backends), the harness, and
          everything else. A measurement during which everything else used more than 15 % of
          the machine (another build or test run on a shared machine) is repeated, up to three
          times; the attempts are shown. **Server CPU per delivery** is all the server JVM's
          CPU time while emitting (emits included) divided by the deliveries: what one
          delivery costs the server. It includes the server's background work (in-process
          Temporal, the sleeping turns) and the emits, so it only means "per delivery" at
          1,000 subscribers; at 1 subscriber it is the cost of an emit plus the background.

        Levels: 1 subscriber × 200 events, 100 × 100, 1,000 × 100 with one emit every 20 ms,
        and 1,000 × 50 with one emit every 100 ms (the same fan-out without the backlog). One
        unrecorded warm-up measurement (1,000 × 50) comes first; then every level is measured
        `runs` times, interleaved (all levels, then all levels again, …). The summary gives the
        median of the runs' p50 and p99 with the range (min–max) in brackets. The harness runs
        on the same machine as the server and shares its cores; it does not collect garbage
        while measuring (a GC before each measurement and a 2 GiB young generation), and its
        own GC time is shown to prove it.
        """;
  }

  @Override
  public void warmUp(BenchContext context) throws Exception {
    SseMeasurement.run(context, WARMUP, "jit");
  }

  @Override
  public ObjectNode run(BenchContext context) throws Exception {
    context.log("sse: warm-up, %d subscribers × %d events", WARMUP.subscribers(), WARMUP.events());
    ObjectNode warmup = SseMeasurement.run(context, WARMUP, "warmup");
    if (!warmup.path("clean").asBoolean()) {
      context.log("sse: WARM-UP NOT CLEAN (its figures are not used): %s", warmup.path("violations"));
    }
    List<List<ObjectNode>> byLevel = new ArrayList<>();
    LEVELS.forEach(l -> byLevel.add(new ArrayList<>()));
    for (int run = 1; run <= context.runs(); run++) {
      for (int i = 0; i < LEVELS.size(); i++) {
        Level level = LEVELS.get(i);
        ObjectNode m =
            measureUndisturbed(
                context, level, "n" + level.subscribers() + "i" + level.intervalMillis() + "-r" + run);
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
    result.set("warmup", warmup);
    ArrayNode levels = result.putArray("levels");
    for (int i = 0; i < LEVELS.size(); i++) {
      levels.add(summarize(LEVELS.get(i), byLevel.get(i)));
    }
    return result;
  }

  /**
   * Measures, and measures again (up to {@link #MAX_REPEATS} times) while other work on the
   * machine used more than {@link #DISTURBED_OTHER_PCT} % of it: on a shared machine another
   * process's burst would otherwise pass for server latency.
   */
  private static ObjectNode measureUndisturbed(BenchContext context, Level level, String label)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      ObjectNode m = SseMeasurement.run(context, level, label + "a" + attempt);
      double other = m.path("cpu").path("other_pct").asDouble();
      boolean disturbed = other > DISTURBED_OTHER_PCT;
      if (!disturbed || attempt > MAX_REPEATS) {
        m.put("attempts", attempt);
        m.put("disturbed", disturbed);
        return m;
      }
      context.log(
          "sse: %d subscribers: other work used %.0f %% of the machine; measuring again",
          level.subscribers(), other);
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
                String.format("%.1f", r.path("server_cpu_us_per_delivery").asDouble()),
                r.path("client_gc_ms").asText(),
                attempts(r),
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
                + " cores while emitting; server CPU per delivery: all its CPU while emitting"
                + " ÷ deliveries)",
            List.of(
                "subscribers", "every", "run", "deliveries", "p50", "p99", "max", "fan-out p50",
                "emit POST p50", "emit POST p99", "ready",
                "CPU % server / PostgreSQL / harness / other", "server CPU µs per delivery",
                "client GC", "attempts", "violations"),
            perRun));
  }

  private static String ms(JsonNode v) {
    return String.format("%.2f", v.asDouble());
  }

  /** Every stream request got a stream, in every measurement, warm-up included. */
  private static Target streamsOpen(JsonNode result) {
    List<JsonNode> all = new ArrayList<>();
    all.add(result.path("warmup"));
    result.path("levels").forEach(l -> l.path("runs").forEach(all::add));
    long opened = all.stream().mapToLong(m -> m.path("subscribers").asLong()).sum();
    long failed = all.stream().mapToLong(m -> m.path("open_failures").asLong()).sum();
    String example =
        all.stream()
            .map(m -> m.path("open_failure_example").asText(""))
            .filter(e -> !e.isEmpty())
            .findFirst()
            .map(e -> " (e.g. " + e + ")")
            .orElse("");
    return new Target(
        "every stream request gets a stream, warm-up included",
        failed == 0
            ? String.format("yes, %,d streams opened", opened)
            : String.format("NO: %,d of %,d requests failed%s", failed, opened, example),
        failed == 0);
  }

  /** Server CPU per emitted event in the level's middle run, in ms. */
  private static double serverCpuPerEventMs(JsonNode level) {
    JsonNode run = level.path("runs").path(level.path("runs").size() / 2);
    double events = level.path("events_per_run").asDouble();
    return run.path("cpu").path("server_cpu_ms").asDouble() / events;
  }

  private static String attempts(JsonNode run) {
    return run.path("attempts").asText() + (run.path("disturbed").asBoolean() ? " (disturbed)" : "");
  }

  private static String cpuShares(JsonNode cpu) {
    return String.format(
        "%.0f / %.0f / %.0f / %.0f",
        cpu.path("server_pct").asDouble(),
        cpu.path("postgres_pct").asDouble(),
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
  public List<String> observations(JsonNode result) {
    List<String> notes = new ArrayList<>();
    JsonNode first = result.path("levels").path(0);
    notes.add(
        String.format(
            "With %s subscriber, the `:emit` POST itself (p50 %.2f ms) is most of the delivery"
                + " latency (p50 %.2f ms): the stream adds the rest.",
            first.path("subscribers").asText(),
            first.path("emit_response_p50_ms").path("median").asDouble(),
            first.path("p50_ms").path("median").asDouble()));
    for (JsonNode level : result.path("levels")) {
      double fanOut = level.path("fan_out_p50_ms").path("median").asDouble();
      int interval = level.path("interval_ms").asInt();
      JsonNode cpu = level.path("runs").path(level.path("runs").size() / 2).path("cpu");
      String where =
          String.format(
              "%,d subscribers, one emit every %d ms", level.path("subscribers").asInt(), interval);
      if (fanOut > interval) {
        notes.add(
            String.format(
                "At %s, one event needs %.2f ms (p50) to reach every subscriber, longer than the"
                    + " gap between emits: events queue up, so this level measures a backlog."
                    + " CPU while emitting (a middle run): server %.0f %%, PostgreSQL %.0f %%,"
                    + " harness %.0f %%, other %.0f %% of all cores.",
                where,
                fanOut,
                cpu.path("server_pct").asDouble(),
                cpu.path("postgres_pct").asDouble(),
                cpu.path("client_pct").asDouble(),
                cpu.path("other_pct").asDouble()));
      } else if (level.path("subscribers").asInt() == TARGET_SUBSCRIBERS) {
        double cpuPerEvent = serverCpuPerEventMs(level);
        double baseline = serverCpuPerEventMs(first);
        int cores = Math.max(1, cpu.path("cores").asInt());
        notes.add(
            String.format(
                "At %s (no backlog), one event needs %.2f ms (p50) to reach all subscribers and"
                    + " p99 is %.2f ms. The server spends about %.0f ms of CPU per event (a middle"
                    + " run); about %.0f ms of that is the emit and background work it also"
                    + " spends with 1 subscriber, so the fan-out costs ~%.0f ms of CPU, ~%.0f µs"
                    + " per delivery. On %d cores that alone keeps the fan-out of one event"
                    + " above ~%.0f ms: the per-delivery cost, not queueing, sets the latency.",
                where,
                fanOut,
                level.path("p99_ms").path("median").asDouble(),
                cpuPerEvent,
                baseline,
                cpuPerEvent - baseline,
                (cpuPerEvent - baseline) * 1000 / level.path("subscribers").asDouble(),
                cores,
                (cpuPerEvent - baseline) / cores));
      }
    }
    long repeated = 0;
    long disturbed = 0;
    for (JsonNode level : result.path("levels")) {
      for (JsonNode r : level.path("runs")) {
        repeated += r.path("attempts").asInt(1) > 1 ? 1 : 0;
        disturbed += r.path("disturbed").asBoolean() ? 1 : 0;
      }
    }
    if (repeated > 0) {
      notes.add(
          String.format(
              "%d measurement(s) had to be repeated because other work on the machine used more"
                  + " than %.0f %% of it%s.",
              repeated,
              DISTURBED_OTHER_PCT,
              disturbed == 0 ? "" : "; " + disturbed + " stayed disturbed after " + MAX_REPEATS
                  + " repeats and are in the figures anyway, marked"));
    }
    return notes;
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
                p99.summary(2, " ms", "runs"),
                p99.median() < TARGET_P99_MS));
      }
    }
    if (result.has("warmup")) {
      targets.add(streamsOpen(result));
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
