package dev.turnpike.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.bench.report.Table;
import dev.turnpike.bench.report.Target;
import dev.turnpike.bench.stats.Rounding;
import dev.turnpike.bench.stats.Spread;
import dev.turnpike.bench.temporal.TemporalBaseline;
import java.util.List;

/** End-to-end scripted turns per second over 100 sessions, against a bare Temporal baseline. */
final class ThroughputScenario implements Scenario {
  static final int SESSIONS = 100;
  static final int TURNS_EACH = 5;
  private static final double TARGET_TURNS_PER_S = 100;
  private static final double TARGET_RATIO = 0.5;

  @Override
  public String name() {
    return "throughput";
  }

  @Override
  public String title() {
    return "End-to-end turns per second";
  }

  @Override
  public String method() {
    return """
        **Turnpike.** 100 fresh sessions, each with an SSE stream on its events
        (`GET /v1/agent_sessions/{id}/events`, opened before the first submit). 100 harness
        threads, one per session, each submit 5 turns with input `say: done` one after the
        other (turns of a session queue and run one at a time), then read their stream until it
        has had 5 `turn.completed` events. A turn is exactly **3 events**: `message.created`
        (the user's input), `message.created` (the assistant's `done`) and `turn.completed`;
        the harness counts every event it receives and shows events per turn to prove it.
        **Turns/s** = 500 turns / (last `turn.completed` read − first POST sent).

        **Bare Temporal baseline, same run, same server.** The harness connects a
        `WorkflowClient` to the server's in-process Temporal (`TURNPIKE_TEMPORAL_DEV_PORT`,
        namespace `default`), starts a worker in the harness process on a task queue of its
        own, registered with a trivial workflow that calls 3 no-op activities in turn (as many
        as a Turnpike turn has: begin, runner step, finish; since the workflow change
        `local-begin-finish` Turnpike runs begin and finish as local activities, while the
        baseline keeps three ordinary ones, as the issue defines it). 100 threads each run 5 such workflows
        one after another (start, wait for the result), as the sessions run their turns.
        **Workflows/s** = 500 / wall time. The **ratio** is Turnpike turns/s ÷ baseline
        workflows/s. Turnpike pays for what the baseline does not: HTTP, PostgreSQL rows for
        the turn and each event, the session workflow that orders turns, SSE delivery; the
        baseline's worker runs in the harness JVM, so it does not compete with the server JVM
        for its threads but does for the 2 cores.

        One unrecorded warm-up of each (100 × 1) comes first, then `runs` rounds, each a
        Turnpike run followed by a baseline run. Median of the rounds with min–max.
        """;
  }

  @Override
  public void warmUp(BenchContext context) throws Exception {
    TurnBatch.run(context, SESSIONS, 1);
  }

  @Override
  public ObjectNode run(BenchContext context) throws Exception {
    String target = System.getenv().getOrDefault("BENCH_TEMPORAL_ADDRESS", "127.0.0.1:7233");
    ArrayNode rounds = JsonNodeFactory.instance.arrayNode();
    try (TemporalBaseline baseline = new TemporalBaseline(target, "default")) {
      context.log("throughput: warm-up");
      TurnBatch.run(context, SESSIONS, 1);
      baseline.run(SESSIONS, 1);
      for (int round = 1; round <= context.runs(); round++) {
        System.gc();
        TurnBatch.Result turns = TurnBatch.run(context, SESSIONS, TURNS_EACH);
        System.gc();
        double baselinePerS = SESSIONS * TURNS_EACH / (baseline.run(SESSIONS, TURNS_EACH) / 1e9);
        ObjectNode r = rounds.addObject();
        r.put("turns_per_s", Rounding.two(turns.perSecond()));
        r.put("events_per_turn", Rounding.two(turns.eventsPerTurn()));
        r.put("baseline_workflows_per_s", Rounding.two(baselinePerS));
        r.put("ratio", Rounding.two(turns.perSecond() / baselinePerS));
        context.log(
            "throughput: round %d: %.1f turns/s (%.2f events/turn), baseline %.1f workflows/s,"
                + " ratio %.2f",
            round, turns.perSecond(), turns.eventsPerTurn(), baselinePerS,
            turns.perSecond() / baselinePerS);
      }
    }
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("sessions", SESSIONS);
    result.put("turns_per_session", TURNS_EACH);
    for (String f : List.of("turns_per_s", "baseline_workflows_per_s", "ratio", "events_per_turn")) {
      result.set(f, Spread.over(rounds, f).toJson());
    }
    result.set("rounds", rounds);
    return result;
  }

  @Override
  public List<Table> tables(JsonNode result) {
    return List.of(
        new Table(
            String.format(
                "%d sessions × %d turns of `say: done`: median of %d rounds (min–max)",
                result.path("sessions").asInt(), result.path("turns_per_session").asInt(),
                result.path("rounds").size()),
            List.of("figure", "value"),
            List.of(
                row("Turnpike scripted turns/s", result.path("turns_per_s"), "1"),
                row("bare Temporal workflows/s (3 no-op activities)",
                    result.path("baseline_workflows_per_s"), "1"),
                row("ratio Turnpike ÷ baseline", result.path("ratio"), "2"),
                row("events per turn (received)", result.path("events_per_turn"), "2"))));
  }

  private static List<String> row(String label, JsonNode spread, String decimals) {
    return List.of(label, Spread.fromJson(spread).format(decimals));
  }

  @Override
  public List<Target> targets(JsonNode result) {
    Spread tps = Spread.fromJson(result.path("turns_per_s"));
    Spread ratio = Spread.fromJson(result.path("ratio"));
    return List.of(
        new Target(
            "≥ 100 end-to-end scripted turns/s (median of the rounds)",
            tps.summary(1, " turns/s", "rounds"),
            tps.median() >= TARGET_TURNS_PER_S),
        new Target(
            "≥ 0.5 × the bare Temporal baseline of the same run",
            ratio.summary(2, " ×", "rounds"),
            ratio.median() >= TARGET_RATIO));
  }
}
