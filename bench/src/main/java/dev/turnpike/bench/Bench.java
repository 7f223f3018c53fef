package dev.turnpike.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.bench.http.ApiClient;
import dev.turnpike.bench.report.Environment;
import dev.turnpike.bench.report.MarkdownReport;
import dev.turnpike.bench.report.Report;
import dev.turnpike.bench.report.ResultsFile;
import dev.turnpike.bench.report.Target;
import dev.turnpike.bench.report.TextReport;
import dev.turnpike.bench.scenario.BenchContext;
import dev.turnpike.bench.scenario.Scenario;
import dev.turnpike.bench.scenario.Scenarios;
import dev.turnpike.bench.scenario.ServerWarmUp;
import dev.turnpike.bench.server.CpuMeter;
import dev.turnpike.bench.server.ServerLog;
import dev.turnpike.bench.server.ServerProbe;
import java.util.List;

/**
 * Runs the chosen scenarios against a server bench/run has started, then writes
 * bench/results.json and docs/benchmarks.md and prints the tables. Exits 0 when every target is
 * met, 3 when one is not (delivery that is not exactly-once counts as one), 2 on a usage error,
 * 1 when the benchmark itself failed.
 */
public final class Bench {
  /** Exit status when the run worked but a target is not met. */
  static final int TARGET_MISSED = 3;

  private Bench() {}

  private static void measure(BenchArgs args, List<Scenario> chosen, ResultsFile results)
      throws Exception {
    ServerProbe probe = new ServerProbe(args.serverPid());
    BenchContext context =
        new BenchContext(
            new ApiClient(args.baseUrl(), args.token()),
            probe,
            new CpuMeter(args.serverPid(), args.serverData()),
            args.runs(),
            probe.rssBytes());
    ServerLog serverLog = new ServerLog(args.serverLog());
    ObjectNode warmUp = ServerWarmUp.run(context, chosen);
    for (Scenario s : chosen) {
      Environment environment = Environment.capture(args.cores(), args.commit());
      serverLog.mark();
      ObjectNode result = s.run(context);
      serverLog.problemsSinceMark().forEach(result.putArray("server_log")::add);
      result.set("server_warmup", warmUp);
      results.put(s.name(), environment, result);
      results.write();
    }
  }

  public static void main(String[] argv) throws Exception {
    BenchArgs args;
    List<Scenario> chosen;
    try {
      args = BenchArgs.parse(argv);
      chosen = Scenarios.select(args.scenarios());
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    ResultsFile results = ResultsFile.read(args.results());
    if (!args.reportOnly()) {
      measure(args, chosen, results);
    }
    List<Report> all = Report.from(Scenarios.all(), results);
    MarkdownReport.write(args.docs(), Scenarios.all(), all);
    List<Report> ran = Report.from(chosen, results);
    TextReport.print(ran, System.out);
    boolean met = ran.stream().flatMap(r -> r.targets().stream()).allMatch(Target::met);
    System.out.println();
    System.out.println(met ? "All targets met." : "Some targets NOT met (see above).");
    System.out.println(
        args.reportOnly()
            ? "Wrote " + args.docs() + " from " + args.results() + "."
            : "Wrote " + args.results() + " and " + args.docs() + ".");
    System.exit(met ? 0 : TARGET_MISSED);
  }
}
