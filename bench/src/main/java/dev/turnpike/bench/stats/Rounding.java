package dev.turnpike.bench.stats;

/** How figures are rounded in results.json. */
public final class Rounding {
  private Rounding() {}

  /** Milliseconds to the microsecond. */
  public static double ms(double ms) {
    return Math.round(ms * 1000.0) / 1000.0;
  }

  /** Two decimals. */
  public static double two(double v) {
    return Math.round(v * 100.0) / 100.0;
  }
}
