package dev.turnpike.bench.scenario;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/** The benchmark client's own GC time, to tell its pauses apart from the server's latency. */
final class ClientGc {
  private ClientGc() {}

  static long totalMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime)
        .filter(t -> t > 0)
        .sum();
  }
}
