package dev.turnpike.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.bench.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/** One scenario's latest entry from the results file, ready to render. */
public record Report(Scenario scenario, Environment environment, JsonNode result) {
  /** Every scenario that has results, in report order. */
  public static List<Report> from(List<Scenario> scenarios, ResultsFile results) {
    List<Report> reports = new ArrayList<>();
    for (Scenario s : scenarios) {
      JsonNode entry = results.get(s.name());
      if (entry != null) {
        reports.add(
            new Report(s, Environment.fromJson(entry.path("environment")), entry.path("result")));
      }
    }
    return reports;
  }

  public List<Table> tables() {
    return scenario.tables(result);
  }

  public List<Target> targets() {
    return scenario.targets(result);
  }

  public List<String> observations() {
    return scenario.observations(result);
  }
}
