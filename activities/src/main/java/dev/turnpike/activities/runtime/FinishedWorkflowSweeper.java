package dev.turnpike.activities.runtime;

import io.temporal.internal.testservice.TestServicesStarter;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets Temporal's Java test server forget finished workflows, as a real cluster does after its
 * namespace's retention period. The test server (checked on 1.38) keeps every execution's state
 * and history in memory for as long as it runs: about 25 KB per turn, measured, so a server that
 * runs for weeks would grow without bound. A workflow whose history has been closed for {@code
 * keep} is removed from the server's execution maps, its history store and its search
 * attributes. Afterwards the server answers NOT_FOUND for it, as a cluster does after retention;
 * Turnpike reads finished turns from PostgreSQL, never from Temporal.
 *
 * <p>The server's timer also keeps every timer until it would have fired, cancelled or not, and
 * an activity without a schedule-to-close timeout gets timeout timers due in ten years, each of
 * which holds its workflow's state. So a sweep also drops the cancelled timers and the timers of
 * the workflows it forgets.
 *
 * <p>It takes one of the server's locks at a time and calls nothing of the server's but field
 * getters while holding it, so it cannot deadlock with the server's own threads.
 */
final class FinishedWorkflowSweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FinishedWorkflowSweeper.class);
  private static final Duration MAX_PERIOD = Duration.ofMinutes(1);
  private static final Duration MIN_PERIOD = Duration.ofSeconds(1);

  private final Lock serviceLock;
  private final Map<?, ?> executions;
  private final Map<?, ?> executionsByWorkflowId;
  private final Map<?, ?> executionsByChain;
  private final Lock storeLock;
  private final Map<?, ?> histories;
  private final Map<?, ?> searchAttributes;
  private final Method historyCompleted;
  private final Lock timerLock;
  private final Collection<?> timerTasks;
  private final Method timerCancelled;
  private final Method timerRunnable;
  /** The fields of each timer callback class, to find which workflow a callback belongs to. */
  private final Map<Class<?>, Field[]> callbackFields = new HashMap<>();
  private final long keepNanos;
  /** When each finished execution was first seen finished; only the sweeping thread uses it. */
  private final Map<Object, Long> finishedSince = new HashMap<>();
  private ScheduledExecutorService timer;

  private FinishedWorkflowSweeper(TestServicesStarter services, Duration keep)
      throws ReflectiveOperationException {
    Object service = read(services, "workflowService");
    Object store = read(service, "store");
    this.serviceLock = (Lock) read(service, "lock");
    this.executions = (Map<?, ?>) read(service, "executions");
    this.executionsByWorkflowId = (Map<?, ?>) read(service, "executionsByWorkflowId");
    this.executionsByChain = (Map<?, ?>) read(service, "executionsByFirstExecutionRunId");
    this.storeLock = (Lock) read(store, "lock");
    this.histories = (Map<?, ?>) read(store, "histories");
    this.searchAttributes =
        (Map<?, ?>) read(read(services, "visibilityStore"), "executionSearchAttributes");
    this.historyCompleted =
        accessible(
            "io.temporal.internal.testservice.TestWorkflowStoreImpl$HistoryStore", "isCompleted");
    Object timer = read(services, "selfAdvancingTimer");
    this.timerLock = (Lock) read(timer, "lock");
    this.timerTasks = (Collection<?>) read(timer, "tasks");
    this.timerCancelled =
        accessible(
            "io.temporal.internal.testservice.SelfAdvancingTimerImpl$TimerTask", "isCanceled");
    this.timerRunnable =
        accessible(
            "io.temporal.internal.testservice.SelfAdvancingTimerImpl$TimerTask", "getRunnable");
    this.keepNanos = keep.toNanos();
  }

  /**
   * A sweeper for that server, sweeping every minute (more often when {@code keep} is shorter),
   * or empty, with a warning, when this version of the test server is not the one it knows.
   */
  static Optional<FinishedWorkflowSweeper> start(TestServicesStarter services, Duration keep) {
    FinishedWorkflowSweeper sweeper;
    try {
      sweeper = new FinishedWorkflowSweeper(services, keep);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn(
          "Could not set up forgetting finished workflows in the in-process Temporal server ({});"
              + " it keeps every finished workflow in memory",
          e.toString());
      return Optional.empty();
    }
    long period = Math.clamp(keep.toMillis(), MIN_PERIOD.toMillis(), MAX_PERIOD.toMillis());
    sweeper.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("turnpike-temporal-sweeper").unstarted(r));
    sweeper.timer.scheduleWithFixedDelay(
        sweeper::sweepLogged, period, period, TimeUnit.MILLISECONDS);
    return Optional.of(sweeper);
  }

  private void sweepLogged() {
    try {
      int forgotten = sweep(System.nanoTime());
      if (forgotten > 0) {
        LOG.debug("Forgot {} finished workflow(s) in the in-process Temporal server", forgotten);
      }
    } catch (RuntimeException | ReflectiveOperationException e) {
      LOG.warn("Forgetting finished workflows failed; will try again", e);
    }
  }

  /**
   * Forgets the executions seen finished for {@code keep} by {@code nowNanos}; answers how many.
   * The timer's thread calls it, and tests with a time of their own.
   */
  synchronized int sweep(long nowNanos) throws ReflectiveOperationException {
    List<Object> forget = new ArrayList<>();
    Set<Object> finished = closedHistories();
    for (Object id : finished) {
      long since = finishedSince.computeIfAbsent(id, k -> nowNanos);
      if (nowNanos - since >= keepNanos) {
        forget.add(id);
      }
    }
    Set<Object> forgottenStates = forget.isEmpty() ? Set.of() : forgetExecutions(forget);
    finished.removeAll(forget);
    finishedSince.keySet().retainAll(finished);
    dropTimers(forgottenStates);
    return forget.size();
  }

  /** Removes these executions from the server's maps and stores; answers their states. */
  private Set<Object> forgetExecutions(List<Object> forget) {
    Set<Object> forgottenStates = Collections.newSetFromMap(new IdentityHashMap<>());
    serviceLock.lock();
    try {
      for (Object id : forget) {
        forgottenStates.add(executions.remove(id));
      }
      // A workflow id or chain maps to its latest run: drop only mappings to forgotten runs.
      executionsByWorkflowId.values().removeIf(forgottenStates::contains);
      executionsByChain.values().removeIf(forgottenStates::contains);
    } finally {
      serviceLock.unlock();
    }
    storeLock.lock();
    try {
      histories.keySet().removeAll(forget);
    } finally {
      storeLock.unlock();
    }
    searchAttributes.keySet().removeAll(forget);
    return forgottenStates;
  }

  /**
   * The executions whose history holds its closing event: the server writes it when it commits
   * the workflow's end, so nothing of that request is still under way once it is seen here.
   */
  private Set<Object> closedHistories() throws ReflectiveOperationException {
    Set<Object> closed = new HashSet<>();
    storeLock.lock();
    try {
      for (Map.Entry<?, ?> e : histories.entrySet()) {
        if ((boolean) historyCompleted.invoke(e.getValue())) {
          closed.add(e.getKey());
        }
      }
    } finally {
      storeLock.unlock();
    }
    return closed;
  }

  /** Drops cancelled timers and those whose callback belongs to a forgotten workflow. */
  private void dropTimers(Set<Object> forgottenStates) throws ReflectiveOperationException {
    timerLock.lock();
    try {
      Iterator<?> tasks = timerTasks.iterator();
      while (tasks.hasNext()) {
        Object task = tasks.next();
        if ((boolean) timerCancelled.invoke(task)
            || !forgottenStates.isEmpty()
                && capturesAny(timerRunnable.invoke(task), forgottenStates)) {
          tasks.remove();
        }
      }
    } finally {
      timerLock.unlock();
    }
  }

  /** Whether a timer's callback (a lambda of the workflow's state) holds one of these. */
  private boolean capturesAny(Object callback, Set<Object> states)
      throws ReflectiveOperationException {
    Field[] fields = callbackFields.get(callback.getClass());
    if (fields == null) {
      fields = callback.getClass().getDeclaredFields();
      try {
        for (Field f : fields) {
          f.setAccessible(true);
        }
      } catch (InaccessibleObjectException e) {
        fields = new Field[0]; // not the server's own callback: never a workflow's
      }
      callbackFields.put(callback.getClass(), fields);
    }
    for (Field f : fields) {
      if (!f.getType().isPrimitive() && states.contains(f.get(callback))) {
        return true;
      }
    }
    return false;
  }

  /** Timers the server holds, cancelled ones included, for tests. */
  int timers() {
    return sizeUnder(timerLock, timerTasks::size);
  }

  /** Executions the server holds (running and finished), for tests. */
  int executions() {
    return sizeUnder(serviceLock, executions::size);
  }

  /** Histories the server holds, for tests. */
  int histories() {
    return sizeUnder(storeLock, histories::size);
  }

  private static int sizeUnder(Lock lock, IntSupplier size) {
    lock.lock();
    try {
      return size.getAsInt();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private static Method accessible(String className, String method)
      throws ReflectiveOperationException {
    Method m = Class.forName(className).getDeclaredMethod(method);
    m.setAccessible(true);
    return m;
  }

  private static Object read(Object owner, String name) throws ReflectiveOperationException {
    return TestServerFields.read(owner, name);
  }
}
