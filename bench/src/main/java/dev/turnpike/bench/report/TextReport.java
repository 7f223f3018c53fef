package dev.turnpike.bench.report;

import java.io.PrintStream;
import java.util.List;

/** The terminal summary: each scenario's tables and targets as aligned text. */
public final class TextReport {
  private TextReport() {}

  public static void print(List<Report> reports, PrintStream out) {
    for (Report r : reports) {
      out.println();
      out.println("== " + r.scenario().title() + " (" + r.scenario().name() + ")");
      r.tables().forEach(t -> out.println(t.text()));
      r.observations().forEach(o -> out.println("  * " + o.replace("`", "")));
      for (Target t : r.targets()) {
        out.printf("  target: %-70s %s  [%s]%n", t.goal(), t.measured(), t.verdict());
      }
    }
  }
}
