package dev.turnpike.bench.report;

/** A goal from the issue, the figure it is judged on, and whether that figure meets it. */
public record Target(String goal, String measured, boolean met) {
  public String verdict() {
    return met ? "met" : "NOT met";
  }
}
