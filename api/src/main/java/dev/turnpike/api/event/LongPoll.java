package dev.turnpike.api.event;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** A request parked until its session has a new event, or its time is up. */
final class LongPoll implements SessionChannel.Waiter {
  private final Semaphore news = new Semaphore(0);

  @Override
  public void wake() {
    if (news.availablePermits() == 0) {
      news.release();
    }
  }

  /** Waits up to {@code nanos}; true if woken. */
  boolean await(long nanos) throws InterruptedException {
    return news.tryAcquire(nanos, TimeUnit.NANOSECONDS);
  }
}
