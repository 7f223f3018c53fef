package dev.turnpike.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.bench.report.Table;
import dev.turnpike.bench.report.Target;
import dev.turnpike.bench.sse.EventTypeStream;
import dev.turnpike.bench.stats.LatencyStats;
import dev.turnpike.bench.stats.Spread;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** POST :approve sent → approval_request.resolved read on the turn's SSE stream. */
final class ApproveLatencyScenario implements Scenario {
  static final int APPROVALS = 50;
  private static final int WARMUP = 5;
  private static final double TARGET_P99_MS = 100;
  private static final long TIMEOUT_MILLIS = 60_000;

  @Override
  public String name() {
    return "approve";
  }

  @Override
  public String title() {
    return "Approve → next event latency";
  }

  @Override
  public String method() {
    return """
        One session; per approval one turn with the script `approval: x` / `say: after`. The
        harness polls `GET /v1/approval_requests?state=PENDING&turn={id}` (every 10 ms) until
        the request is there, reads the session's `last_event_cursor`, opens the turn's SSE
        stream from it (`GET /v1/agent_turns/{id}/events?cursor=`), then sends
        `POST /v1/approval_requests/{id}:approve`. **Latency** = the moment the stream's
        `approval_request.resolved` event is read − the moment the POST was sent (one clock).
        It covers the decision's transaction, the signal to the waiting turn workflow,
        recording the resolved event and its SSE delivery. The harness then waits for the
        turn's `turn.completed` before the next approval, so approvals do not overlap.

        5 unrecorded warm-up approvals, then `runs` runs of 50; p50/p99 are nearest-rank per
        run; the table gives the median of the runs with min–max.
        """;
  }

  @Override
  public void warmUp(BenchContext context) throws Exception {
    String session = context.api().createSession(context.agentId());
    for (int i = 0; i < WARMUP; i++) {
      approveOnce(context, session);
    }
  }

  @Override
  public ObjectNode run(BenchContext context) throws Exception {
    context.log("approve: warm-up %d approvals", WARMUP);
    warmUp(context);
    String session = context.api().createSession(context.agentId());
    ArrayNode runs = JsonNodeFactory.instance.arrayNode();
    for (int run = 1; run <= context.runs(); run++) {
      System.gc();
      long[] took = new long[APPROVALS];
      for (int i = 0; i < APPROVALS; i++) {
        took[i] = approveOnce(context, session);
      }
      LatencyStats stats = LatencyStats.of(took);
      context.log("approve: run %d: p50 %.1f ms, p99 %.1f ms", run, stats.p50Ms(), stats.p99Ms());
      runs.add(stats.toJson());
    }
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("approvals_per_run", APPROVALS);
    result.set("p50_ms", Spread.over(runs, "p50_ms").toJson());
    result.set("p99_ms", Spread.over(runs, "p99_ms").toJson());
    result.set("runs", runs);
    return result;
  }

  /** One gated turn approved; answers nanoseconds from the POST to the resolved event. */
  private static long approveOnce(BenchContext context, String session) throws Exception {
    var api = context.api();
    String turn = api.submitTurn(session, "approval: x\nsay: after");
    String request = awaitPending(context, turn);
    String cursor = api.session(session).path("last_event_cursor").asText();
    String path =
        "/v1/agent_turns/" + turn + "/events?cursor="
            + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    try (EventTypeStream stream = EventTypeStream.open(api.base(), path, api.token())) {
      long sent = System.nanoTime();
      api.post("/v1/approval_requests/" + request + ":approve", Map.of(), Map.of());
      EventTypeStream.Arrival resolved = stream.next("approval_request.resolved", TIMEOUT_MILLIS);
      if (resolved == null) {
        throw new IllegalStateException("turn " + turn + ": no approval_request.resolved");
      }
      if (stream.next("turn.completed", TIMEOUT_MILLIS) == null) {
        throw new IllegalStateException("turn " + turn + " did not complete");
      }
      return resolved.nanos() - sent;
    }
  }

  private static String awaitPending(BenchContext context, String turn) throws InterruptedException {
    long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      JsonNode data =
          context.api().get("/v1/approval_requests?state=PENDING&turn=" + turn).path("data");
      if (data.size() > 0) {
        return data.get(0).path("id").asText();
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("turn " + turn + ": no PENDING approval request");
  }

  @Override
  public List<Table> tables(JsonNode result) {
    return List.of(
        new Table(
            "`:approve` sent → `approval_request.resolved` read, "
                + result.path("approvals_per_run").asInt() + " approvals per run: median of "
                + result.path("runs").size() + " runs (min–max), ms",
            List.of("p50 ms", "p99 ms"),
            List.of(
                List.of(
                    Spread.fromJson(result.path("p50_ms")).format("1"),
                    Spread.fromJson(result.path("p99_ms")).format("1")))));
  }

  @Override
  public List<Target> targets(JsonNode result) {
    Spread p99 = Spread.fromJson(result.path("p99_ms"));
    return List.of(
        new Target(
            "approve → next event p99 < 100 ms (median of the runs)",
            p99.summary(1, " ms", "runs"),
            p99.median() < TARGET_P99_MS));
  }
}
