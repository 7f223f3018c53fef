package dev.turnpike.bench.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Median, min and max of one figure over repeated runs. */
public record Spread(double median, double min, double max) {
  public static Spread of(List<Double> values) {
    if (values.isEmpty()) {
      return new Spread(Double.NaN, Double.NaN, Double.NaN);
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = v.length / 2;
    double median = v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    return new Spread(median, v[0], v[v.length - 1]);
  }

  /** The spread of one numeric field over a list of per-run JSON objects. */
  public static Spread over(JsonNode runs, String field) {
    List<Double> values = new java.util.ArrayList<>();
    runs.forEach(r -> values.add(r.path(field).asDouble()));
    return of(values);
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("median", Rounding.ms(median));
    o.put("min", Rounding.ms(min));
    o.put("max", Rounding.ms(max));
    return o;
  }

  public static Spread fromJson(JsonNode o) {
    return new Spread(o.path("median").asDouble(), o.path("min").asDouble(), o.path("max").asDouble());
  }

  /** For a target: "12.3 ms (runs 11.9–14.0)", with {@code %.Nf} for N decimals. */
  public String summary(int decimals, String unit, String runs) {
    String f = "%." + decimals + "f";
    return String.format(f + unit + " (" + runs + " " + f + "–" + f + ")", median, min, max);
  }

  /** "12.3 (11.9–14.0)": the median with the range in brackets. */
  public String format(String decimals) {
    String f = "%." + decimals + "f";
    return String.format(f + " (" + f + "–" + f + ")", median, min, max);
  }
}
