package dev.turnpike.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.bench.report.Table;
import dev.turnpike.bench.report.Target;
import dev.turnpike.bench.server.ServerProbe;
import dev.turnpike.bench.sse.Emitter;
import dev.turnpike.bench.sse.RunningTurn;
import dev.turnpike.bench.sse.SubscriberGroup;
import dev.turnpike.bench.stats.Rounding;
import dev.turnpike.bench.stats.Spread;
import java.util.ArrayList;
import java.util.List;

/** Server heap (and RSS) per idle SSE stream, from 1,000 streams held open. */
final class StreamMemoryScenario implements Scenario {
  private static final int STREAMS = 1000;
  private static final int WARMUP_STREAMS = 100;
  private static final double TARGET_KIB = 64;
  private static final double TARGET_IDLE_RSS_MIB = 400;
  private static final long READY_TIMEOUT_MILLIS = 120_000;
  private static final long SETTLE_MILLIS = 2_000;
  private static final double MIB = 1024 * 1024;

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public String title() {
    return "Memory per idle SSE stream and server RSS";
  }

  @Override
  public String method() {
    return """
        One session with a sleeping turn. Each round:

        1. a full GC in the server (`jcmd <pid> GC.run`), then its used heap
           (`jcmd <pid> GC.heap_info`) and RSS (`VmRSS` in `/proc/<pid>/status`);
        2. 1,000 SSE streams on the session from its newest event (`?cursor=`), established
           for certain: one event is emitted and every stream must receive it;
        3. 2 s with the streams idle, then GC, heap and RSS again;
        4. the streams are closed and, 2 s later, GC and heap once more.

        **Heap per idle stream** = (heap with the streams − heap before) / 1,000, in KiB:
        everything holding a stream costs the server's heap (Netty channel and buffers, the
        response publisher and its bounded buffer, the stream's virtual thread and stack, its
        place in the session channel). The heap after closing should be back at the idle
        figure; a difference would be a leak. RSS is the server JVM only (embedded PostgreSQL
        runs in its own processes) and includes memory the JVM has committed but not used, so
        it moves in steps. The 400 MiB idle target is judged on the RSS of the fresh server,
        read once as the harness starts (healthy, no request served yet, default JVM heap
        sizing); the idle RSS of the rounds (no streams, after the other scenarios and a full
        GC) shows how much the JVM keeps committed once it has been under load; the RSS with 1,000 streams is the
        "resident memory under 1,000 open streams" figure.

        One unrecorded warm-up round with 100 streams comes first, then `runs` rounds; the
        table gives the median with the range (min–max) in brackets.
        """;
  }

  @Override
  public ObjectNode run(BenchContext context) throws Exception {
    RunningTurn turn = RunningTurn.start(context.api(), context.agentId());
    Emitter emitter = new Emitter(context.api(), turn.turnId(), RunIds.next("memory"));
    context.log("memory: warm-up with %d streams", WARMUP_STREAMS);
    openEstablished(context, turn, emitter, WARMUP_STREAMS, "warmup").close();
    Thread.sleep(SETTLE_MILLIS);
    ArrayNode rounds = JsonNodeFactory.instance.arrayNode();
    for (int round = 1; round <= context.runs(); round++) {
      ObjectNode r = measureRound(context, turn, emitter, round);
      context.log(
          "memory: round %d: %.1f KiB heap per stream; heap %.1f → %.1f → %.1f MiB (closed);"
              + " RSS %.0f → %.0f MiB",
          round,
          r.path("heap_per_stream_kib").asDouble(),
          r.path("heap_idle_mib").asDouble(),
          r.path("heap_with_streams_mib").asDouble(),
          r.path("heap_after_close_mib").asDouble(),
          r.path("rss_idle_mib").asDouble(),
          r.path("rss_with_streams_mib").asDouble());
      rounds.add(r);
    }
    turn.cancel(context.api());
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("streams", STREAMS);
    result.put("rss_fresh_mib", Rounding.two(context.freshRssBytes() / MIB));
    for (String field :
        List.of(
            "heap_per_stream_kib", "heap_idle_mib", "heap_with_streams_mib",
            "heap_after_close_mib", "rss_idle_mib", "rss_with_streams_mib")) {
      result.set(field, Spread.over(rounds, field).toJson());
    }
    result.set("rounds", rounds);
    return result;
  }

  private ObjectNode measureRound(BenchContext context, RunningTurn turn, Emitter emitter, int round)
      throws Exception {
    ServerProbe server = context.server();
    long heapIdle = server.heapUsedAfterGc();
    long rssIdle = server.rssBytes();
    long heapWith;
    long rssWith;
    try (SubscriberGroup group = openEstablished(context, turn, emitter, STREAMS, "r" + round)) {
      Thread.sleep(SETTLE_MILLIS);
      heapWith = server.heapUsedAfterGc();
      rssWith = server.rssBytes();
      if (!group.failures().isEmpty()) {
        throw new IllegalStateException(
            group.failures().size() + " streams ended while idle: " + group.failures().get(0));
      }
    }
    Thread.sleep(SETTLE_MILLIS);
    long heapClosed = server.heapUsedAfterGc();
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.put("heap_per_stream_kib", Rounding.two((heapWith - heapIdle) / (double) STREAMS / 1024));
    r.put("heap_idle_mib", Rounding.two(heapIdle / MIB));
    r.put("heap_with_streams_mib", Rounding.two(heapWith / MIB));
    r.put("heap_after_close_mib", Rounding.two(heapClosed / MIB));
    r.put("rss_idle_mib", Rounding.two(rssIdle / MIB));
    r.put("rss_with_streams_mib", Rounding.two(rssWith / MIB));
    return r;
  }

  /** Opens {@code size} streams from the session's newest event and proves each is live. */
  private SubscriberGroup openEstablished(
      BenchContext context, RunningTurn turn, Emitter emitter, int size, String label)
      throws Exception {
    SubscriberGroup group =
        SubscriberGroup.open(
            context.api().base(),
            context.api().token(),
            turn.sessionId(),
            turn.newestCursor(context.api()),
            size,
            READY_TIMEOUT_MILLIS);
    group.watchFor(emitter.content(label));
    emitter.emit(label);
    long missing = group.awaitMarker(READY_TIMEOUT_MILLIS);
    if (missing > 0) {
      group.close();
      throw new IllegalStateException(missing + " of " + size + " streams never got their event");
    }
    return group;
  }

  @Override
  public List<Table> tables(JsonNode result) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(row("heap per idle stream (KiB)", result.path("heap_per_stream_kib")));
    rows.add(row("used heap, no streams (MiB)", result.path("heap_idle_mib")));
    rows.add(row("used heap, 1,000 idle streams (MiB)", result.path("heap_with_streams_mib")));
    rows.add(row("used heap, streams closed again (MiB)", result.path("heap_after_close_mib")));
    rows.add(
        List.of(
            "RSS, fresh idle server before any scenario (MiB, one reading)",
            String.format("%.1f", result.path("rss_fresh_mib").asDouble())));
    rows.add(row("RSS, no streams, after the other scenarios (MiB)", result.path("rss_idle_mib")));
    rows.add(row("RSS, 1,000 idle streams (MiB)", result.path("rss_with_streams_mib")));
    return List.of(
        new Table(
            "Server memory with " + String.format("%,d", result.path("streams").asInt())
                + " idle streams, after a full GC: median of "
                + result.path("rounds").size() + " rounds (min–max)",
            List.of("figure", "value"),
            rows));
  }

  private static List<String> row(String label, JsonNode spread) {
    return List.of(label, Spread.fromJson(spread).format("1"));
  }

  @Override
  public List<String> observations(JsonNode result) {
    double idle = result.path("heap_idle_mib").path("median").asDouble();
    double closed = result.path("heap_after_close_mib").path("median").asDouble();
    String leak =
        closed - idle < 1
            ? "no sign of a leak"
            : String.format("%.1f MiB more than before: possibly a leak", closed - idle);
    return List.of(
        String.format(
            "After the streams close, used heap is back to %.1f MiB (%.1f MiB before they"
                + " opened): %s.",
            closed, idle, leak));
  }

  @Override
  public List<Target> targets(JsonNode result) {
    Spread kib = Spread.fromJson(result.path("heap_per_stream_kib"));
    double fresh = result.path("rss_fresh_mib").asDouble();
    Spread rss = Spread.fromJson(result.path("rss_idle_mib"));
    return List.of(
        new Target(
            "idle server under 400 MiB RSS (fresh server, healthy, before any scenario)",
            String.format(
                "%.0f MiB (after the other scenarios: %s)", fresh, rss.summary(0, " MiB", "rounds")),
            fresh < TARGET_IDLE_RSS_MIB),
        new Target(
            "under 64 KiB of heap per idle stream (median of the rounds)",
            kib.summary(1, " KiB", "rounds"),
            kib.median() < TARGET_KIB));
  }
}
