package dev.turnpike.bench.scenario;

import java.util.ArrayList;
import java.util.List;

/** Every scenario, in report order; a new benchmark is one more entry here. */
public final class Scenarios {
  private static final List<Scenario> ALL =
      List.of(
          new SseLatencyScenario(),
          new SubmitLatencyScenario(),
          new ThroughputScenario(),
          new ApproveLatencyScenario(),
          new StreamMemoryScenario());

  private Scenarios() {}

  public static List<Scenario> all() {
    return ALL;
  }

  /** The scenarios named, in report order; all of them when none is named. */
  public static List<Scenario> select(List<String> names) {
    for (String n : names) {
      if (ALL.stream().noneMatch(s -> s.name().equals(n))) {
        throw new IllegalArgumentException(
            "unknown scenario '" + n + "'; known: " + ALL.stream().map(Scenario::name).toList());
      }
    }
    List<Scenario> chosen = new ArrayList<>();
    for (Scenario s : ALL) {
      if (names.isEmpty() || names.contains(s.name())) {
        chosen.add(s);
      }
    }
    return chosen;
  }
}
