package dev.turnpike.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.bench.report.Table;
import dev.turnpike.bench.report.Target;
import java.util.List;

/**
 * One named benchmark ({@code bench/run <name>}). It measures against the running server and
 * answers its figures as JSON (kept in bench/results.json); the reports are rendered from that
 * JSON, so a section can be redrawn from an earlier run's results.
 */
public interface Scenario {
  /** The argument that selects it, e.g. {@code sse}. */
  String name();

  /** The heading of its section in docs/benchmarks.md. */
  String title();

  /** Markdown: how it measures and what each figure means. */
  String method();

  ObjectNode run(BenchContext context) throws Exception;

  /**
   * One unrecorded pass of this scenario's load, to bring the server's JIT to its steady state
   * before anything is measured (see {@link ServerWarmUp}); nothing by default.
   */
  default void warmUp(BenchContext context) throws Exception {}

  List<Table> tables(JsonNode result);

  List<Target> targets(JsonNode result);

  /** Plain statements the figures support (computed from them, so they stay true on rerun). */
  default List<String> observations(JsonNode result) {
    return List.of();
  }
}
