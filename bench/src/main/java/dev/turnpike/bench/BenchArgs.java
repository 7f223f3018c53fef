package dev.turnpike.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line bench/run passes: where the server is, where results go, what to run; or
 * {@code --report-only} to redraw the reports from the results file without measuring.
 */
record BenchArgs(
    URI baseUrl,
    String token,
    long serverPid,
    Path serverLog,
    String serverData,
    int cores,
    String commit,
    int runs,
    Path results,
    Path docs,
    List<String> scenarios,
    boolean reportOnly) {

  static BenchArgs parse(String[] args) {
    URI base = null;
    String token = null;
    long pid = -1;
    Path log = null;
    String data = null;
    int cores = Runtime.getRuntime().availableProcessors();
    String commit = "unknown";
    int runs = 3;
    Path results = Path.of("bench/results.json");
    Path docs = Path.of("docs/benchmarks.md");
    List<String> scenarios = new ArrayList<>();
    boolean reportOnly = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--report-only")) {
        reportOnly = true;
        continue;
      }
      if (!a.startsWith("--")) {
        scenarios.add(a);
        continue;
      }
      if (i + 1 == args.length) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--base-url" -> base = URI.create(v);
        case "--token" -> token = v;
        case "--server-pid" -> pid = Long.parseLong(v);
        case "--server-log" -> log = Path.of(v);
        case "--server-data" -> data = v;
        case "--cores" -> cores = Integer.parseInt(v);
        case "--commit" -> commit = v;
        case "--runs" -> runs = Integer.parseInt(v);
        case "--results" -> results = Path.of(v);
        case "--docs" -> docs = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (!reportOnly && (base == null || token == null || pid < 0)) {
      throw new IllegalArgumentException("--base-url, --token and --server-pid are required");
    }
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
    return new BenchArgs(
        base, token, pid, log, data, cores, commit, runs, results, docs, scenarios, reportOnly);
  }
}
