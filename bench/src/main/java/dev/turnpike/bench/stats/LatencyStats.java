package dev.turnpike.bench.stats;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/** p50, p99 and max of a set of latencies (nearest-rank percentiles), in milliseconds. */
public record LatencyStats(long count, double p50Ms, double p99Ms, double maxMs) {
  public static LatencyStats of(long[] nanos) {
    if (nanos.length == 0) {
      return new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN);
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new LatencyStats(
        sorted.length,
        millis(percentile(sorted, 50)),
        millis(percentile(sorted, 99)),
        millis(sorted[sorted.length - 1]));
  }

  /** The smallest value with at least {@code p} percent of the values at or below it. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("count", count);
    o.put("p50_ms", Rounding.ms(p50Ms));
    o.put("p99_ms", Rounding.ms(p99Ms));
    o.put("max_ms", Rounding.ms(maxMs));
    return o;
  }
}
