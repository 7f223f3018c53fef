package dev.turnpike.activities.runtime;

import io.temporal.internal.testservice.TestServicesStarter;
import java.lang.reflect.Field;
import java.util.LinkedList;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around a leak in Temporal's Java test server (checked on 1.38): its timer appends an
 * entry to a diagnostics list ({@code SelfAdvancingTimerImpl.lockEvents}) for every time-skipping
 * lock and unlock, removes only some of them, and scans the list from its oldest entry whenever
 * a lock is released. A server that has run many workflow tasks holds millions of entries and
 * spends most of its time in that scan: measured here, the largest single cost of a turn after a
 * few thousand turns, and a server that grows without bound. The list only feeds diagnostics
 * (lock counting uses a separate counter), so it is replaced with one that keeps nothing.
 */
final class TimeLockLogTrim {
  private static final Logger LOG = LoggerFactory.getLogger(TimeLockLogTrim.class);

  private TimeLockLogTrim() {}

  /** Applies the workaround, or logs why it could not (the server works either way). */
  static void apply(TestServicesStarter services) {
    try {
      Object timer = read(services, "selfAdvancingTimer");
      Field events = timer.getClass().getDeclaredField("lockEvents");
      events.setAccessible(true);
      Lock timerLock = (Lock) read(timer, "lock");
      timerLock.lock(); // the timer's own lock: its threads see the new list
      try {
        events.set(timer, new NothingKept());
      } finally {
        timerLock.unlock();
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn(
          "Could not trim the Temporal test server's time-lock log ({}); it grows with every"
              + " workflow task",
          e.toString());
    }
  }

  /** The entries now kept, for tests: 0 once the workaround is in place. */
  static int kept(TestServicesStarter services) throws ReflectiveOperationException {
    Object timer = read(services, "selfAdvancingTimer");
    return ((LinkedList<?>) read(timer, "lockEvents")).size();
  }

  private static Object read(Object owner, String name) throws ReflectiveOperationException {
    return TestServerFields.read(owner, name);
  }

  /**
   * Records nothing and finds everything: the timer checks that a released lock was recorded,
   * which with nothing recorded must still hold.
   */
  private static final class NothingKept extends LinkedList<Object> {
    @Override
    public boolean add(Object event) {
      return true;
    }

    @Override
    public boolean remove(Object event) {
      return true;
    }
  }
}
