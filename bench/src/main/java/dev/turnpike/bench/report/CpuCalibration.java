package dev.turnpike.bench.report;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A fixed piece of CPU work timed as a scenario starts: SHA-256 over 32 MiB, the median of 5
 * tries, on one thread of the harness. This shared VM's speed drifts (the same jar has measured
 * half the turns/s half an hour apart), so figures from different runs compare only alongside
 * this number.
 */
final class CpuCalibration {
  private static final int TRIES = 5;
  private static final byte[] DATA = new byte[32 * 1024 * 1024];

  private CpuCalibration() {}

  static double medianMillis() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.digest(DATA); // warm
      double[] took = new double[TRIES];
      for (int i = 0; i < TRIES; i++) {
        long start = System.nanoTime();
        sha.digest(DATA);
        took[i] = (System.nanoTime() - start) / 1e6;
      }
      Arrays.sort(took);
      return Math.round(took[TRIES / 2] * 10) / 10.0;
    } catch (NoSuchAlgorithmException e) {
      return -1;
    }
  }
}
