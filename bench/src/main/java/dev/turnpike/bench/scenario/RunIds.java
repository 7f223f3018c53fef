package dev.turnpike.bench.scenario;

import java.util.concurrent.ThreadLocalRandom;

/** Labels for one measurement, unique enough to key its emits and find its events. */
final class RunIds {
  private RunIds() {}

  static String next(String label) {
    return label + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }
}
