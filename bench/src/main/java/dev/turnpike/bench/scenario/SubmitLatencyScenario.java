package dev.turnpike.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.bench.http.ApiClient;
import dev.turnpike.bench.report.Table;
import dev.turnpike.bench.report.Target;
import dev.turnpike.bench.stats.LatencyStats;
import dev.turnpike.bench.stats.Spread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * POST /v1/agent_turns → 201 latency with 1, 16 and 64 concurrent clients submitting as fast as
 * the answers come, and with 16 clients at a pace the server can keep up with.
 */
final class SubmitLatencyScenario implements Scenario {
  /**
   * One load level: concurrent clients, turns each submits per run, and the POSTs per second of
   * all clients together; 0: each client sends its next POST as soon as the previous answer came,
   * or, when it follows its turns, as soon as its previous turn has ended.
   */
  record Level(int clients, int turnsEach, int perSecond, boolean followsTurns) {
    Level(int clients, int turnsEach, int perSecond) {
      this(clients, turnsEach, perSecond, false);
    }

    boolean paced() {
      return perSecond > 0;
    }

    /** The time between two POSTs of one client, when paced. */
    long intervalNanos() {
      return TimeUnit.SECONDS.toNanos(clients) / perSecond;
    }
  }

  static final List<Level> LEVELS =
      List.of(
          new Level(1, 200, 0),
          new Level(16, 25, 0),
          new Level(64, 10, 0),
          new Level(16, 25, 50),
          new Level(16, 25, 0, true));
  private static final Level WARMUP = new Level(16, 10, 0);
  private static final int TARGET_CLIENTS = 16;
  private static final double TARGET_P99_MS = 30;
  /** Lets the turns submitted by one run finish before the next run measures. */
  private static final long DRAIN_TIMEOUT_MILLIS = 300_000;
  private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "CANCELLED");

  @Override
  public String name() {
    return "submit";
  }

  @Override
  public String title() {
    return "Turn submit latency";
  }

  @Override
  public String method() {
    return """
        N clients (1, 16, 64), each a thread of the harness with its own fresh session, submit
        turns with input `say: hi` one after another as fast as the answers come
        (`POST /v1/agent_turns`; every answer must be `201`). Each client submits 200 (1
        client), 25 (16 clients) or 10 (64 clients) turns per run. **Latency** is the time from
        sending the POST to reading the whole `201` answer (row written and the session's
        workflow has the turn); every POST is one sample, p50/p99 are nearest-rank over all
        samples of a run. The submitted turns run meanwhile (the server executes them while
        later POSTs arrive), which is the load a real client sees; after each run the harness
        waits until every turn it submitted has ended, so the next run starts on a quiet server.
        All clients share one keep-alive HTTP/1.1 client (a connection per concurrent request).

        Clients that submit as fast as the answers come offer more turns than 2 cores can run
        (the turns/s scenario), so those levels measure an overloaded server. The **paced**
        level shows submit latency under a load the server keeps up with: 16 clients that
        together send 50 POSTs per second (each client one every 320 ms, the clients spread
        evenly), 25 each. There a sample runs from the moment the POST was due, so a POST sent
        late because the client's previous one was slow counts its wait too.

        The **follows its turns** level is how an interactive client uses a session: 16 clients,
        each submits a turn, long-polls the turn's events (`GET /v1/agent_turns/{id}/events?wait=30`)
        until its `turn.completed`, then submits the next, 25 each; so 16 turns are running or
        about to while each POST is answered. Only the POSTs are timed.

        One unrecorded warm-up run (16 × 10) comes first, then every level `runs` times,
        interleaved. The table gives the median of the runs' p50 and p99 with min–max.
        """;
  }

  @Override
  public void warmUp(BenchContext context) throws Exception {
    drain(context, measure(context, WARMUP));
  }

  @Override
  public ObjectNode run(BenchContext context) throws Exception {
    context.log("submit: warm-up %d clients × %d", WARMUP.clients(), WARMUP.turnsEach());
    drain(context, measure(context, WARMUP));
    List<ArrayNode> runs = new ArrayList<>();
    LEVELS.forEach(l -> runs.add(JsonNodeFactory.instance.arrayNode()));
    for (int run = 1; run <= context.runs(); run++) {
      for (int i = 0; i < LEVELS.size(); i++) {
        Level level = LEVELS.get(i);
        Measured measured = measure(context, level);
        drain(context, measured);
        LatencyStats stats = measured.stats();
        context.log(
            "submit: run %d, %d clients, %s: p50 %.1f ms, p99 %.1f ms (%d POSTs)",
            run, level.clients(), pace(level), stats.p50Ms(), stats.p99Ms(),
            stats.count());
        runs.get(i).add(stats.toJson());
      }
    }
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("runs", context.runs());
    ArrayNode levels = result.putArray("levels");
    for (int i = 0; i < LEVELS.size(); i++) {
      ObjectNode l = levels.addObject();
      l.put("clients", LEVELS.get(i).clients());
      l.put("turns_per_client", LEVELS.get(i).turnsEach());
      l.put("per_second", LEVELS.get(i).perSecond());
      l.put("follows_turns", LEVELS.get(i).followsTurns());
      l.set("p50_ms", Spread.over(runs.get(i), "p50_ms").toJson());
      l.set("p99_ms", Spread.over(runs.get(i), "p99_ms").toJson());
      l.set("runs", runs.get(i));
    }
    return result;
  }

  /** A run's latencies and each client's last turn (a session runs its turns in order). */
  private record Measured(LatencyStats stats, List<String> lastTurns) {}

  /** Waits until every turn of the run has ended, so the next run starts on a quiet server. */
  private static void drain(BenchContext context, Measured measured) throws InterruptedException {
    long deadline = System.currentTimeMillis() + DRAIN_TIMEOUT_MILLIS;
    for (String turn : measured.lastTurns()) {
      while (!ENDED.contains(context.api().turn(turn).path("state").asText())) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("turn " + turn + " has not ended after the run");
        }
        Thread.sleep(50);
      }
    }
  }

  private static Measured measure(BenchContext context, Level level) throws Exception {
    List<String> sessions = new ArrayList<>();
    for (int c = 0; c < level.clients(); c++) {
      sessions.add(context.api().createSession(context.agentId()));
    }
    System.gc();
    List<Future<ApiClient.TimedSubmit[]>> clients = new ArrayList<>();
    long begin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    try (ExecutorService pool = Executors.newFixedThreadPool(level.clients())) {
      for (int c = 0; c < sessions.size(); c++) {
        String session = sessions.get(c);
        long first = begin + (level.paced() ? c * level.intervalNanos() / level.clients() : 0);
        clients.add(pool.submit(() -> submitAll(context, level, session, first)));
      }
      long[] all = new long[level.clients() * level.turnsEach()];
      List<String> lastTurns = new ArrayList<>();
      int at = 0;
      for (Future<ApiClient.TimedSubmit[]> f : clients) {
        ApiClient.TimedSubmit[] submits = f.get();
        for (ApiClient.TimedSubmit submit : submits) {
          all[at++] = submit.nanos();
        }
        lastTurns.add(submits[submits.length - 1].turnId());
      }
      return new Measured(LatencyStats.of(all), lastTurns);
    }
  }

  /** One client's turns, each sent as soon as the previous answer came or when it is due. */
  private static ApiClient.TimedSubmit[] submitAll(
      BenchContext context, Level level, String session, long first) throws InterruptedException {
    ApiClient.TimedSubmit[] took = new ApiClient.TimedSubmit[level.turnsEach()];
    for (int t = 0; t < took.length; t++) {
      long late = 0;
      if (level.paced()) {
        long due = first + t * level.intervalNanos();
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        late = Math.max(0, System.nanoTime() - due);
      }
      ApiClient.TimedSubmit submit = context.api().submitTurnTimed(session, "say: hi");
      took[t] = new ApiClient.TimedSubmit(submit.turnId(), late + submit.nanos());
      if (level.followsTurns()) {
        context.api().awaitTurnEnd(submit.turnId(), Duration.ofMillis(DRAIN_TIMEOUT_MILLIS));
      }
    }
    return took;
  }

  @Override
  public List<Table> tables(JsonNode result) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode l : result.path("levels")) {
      rows.add(
          List.of(
              l.path("clients").asText(),
              pace(l.path("per_second").asInt(), l.path("follows_turns").asBoolean()),
              l.path("turns_per_client").asText(),
              Spread.fromJson(l.path("p50_ms")).format("1"),
              Spread.fromJson(l.path("p99_ms")).format("1")));
    }
    return List.of(
        new Table(
            "POST /v1/agent_turns → 201: median of " + result.path("runs").asInt()
                + " runs (min–max), ms",
            List.of("clients", "pace", "turns per client per run", "p50 ms", "p99 ms"),
            rows));
  }

  private static String pace(Level level) {
    return pace(level.perSecond(), level.followsTurns());
  }

  private static String pace(int perSecond, boolean followsTurns) {
    if (followsTurns) {
      return "each after its previous turn ended";
    }
    return perSecond == 0 ? "as fast as answers come" : perSecond + " POSTs/s in all";
  }

  @Override
  public List<Target> targets(JsonNode result) {
    for (JsonNode l : result.path("levels")) {
      if (l.path("clients").asInt() == TARGET_CLIENTS
          && l.path("per_second").asInt() == 0
          && !l.path("follows_turns").asBoolean()) {
        Spread p99 = Spread.fromJson(l.path("p99_ms"));
        return List.of(
            new Target(
                "submit p99 < 30 ms at 16 clients (median of the runs)",
                p99.summary(1, " ms", "runs"),
                p99.median() < TARGET_P99_MS));
      }
    }
    return List.of();
  }
}
