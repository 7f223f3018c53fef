package dev.turnpike.activities.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnpike.activities.event.Event;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.activities.runner.RunnerActivitiesImpl;
import dev.turnpike.activities.session.SessionState;
import dev.turnpike.activities.session.SessionStore;
import dev.turnpike.activities.store.PageRequest;
import dev.turnpike.activities.testing.Fixture;
import dev.turnpike.activities.testing.StoreContext;
import dev.turnpike.activities.turn.Turn;
import dev.turnpike.activities.turn.TurnActivitiesImpl;
import dev.turnpike.workflows.TaskQueues;
import dev.turnpike.workflows.TurnpikeWorkflows;
import dev.turnpike.workflows.json.TurnpikeJson;
import dev.turnpike.workflows.runner.RunnerActivities;
import dev.turnpike.workflows.runner.StepRequest;
import dev.turnpike.workflows.runner.StepResult;
import dev.turnpike.workflows.session.SessionRun;
import dev.turnpike.workflows.session.SessionWorkflow;
import dev.turnpike.workflows.session.TurnTicket;
import dev.turnpike.workflows.turn.Failure;
import dev.turnpike.workflows.turn.TurnOutcome;
import dev.turnpike.workflows.turn.TurnState;
import dev.turnpike.workflows.turn.TurnTimeouts;
import dev.turnpike.workflows.turn.TurnWorkflow;
import io.micronaut.context.ApplicationContext;
import io.temporal.activity.Activity;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The turn and session workflows on Temporal's test environment, with the real activities on a
 * real PostgreSQL: what a retry, a failure and a queue of turns leave in the event log.
 */
class TurnWorkflowTest {
  static final TurnTimeouts FAST =
      new TurnTimeouts(
          Duration.ofMinutes(1),
          Duration.ofSeconds(5),
          3,
          Duration.ofMillis(50),
          Duration.ofMillis(200),
          Duration.ofSeconds(10));

  static ApplicationContext context;
  TestWorkflowEnvironment env;
  WorkflowClient client;
  Fixture fixture;

  @BeforeAll
  static void startContext() {
    context = StoreContext.start();
  }

  @AfterAll
  static void stopContext() {
    context.close();
  }

  @BeforeEach
  void setUp() {
    env = newEnvironment();
    client = env.getWorkflowClient();
    fixture = new Fixture(context);
  }

  static TestWorkflowEnvironment newEnvironment() {
    return TestWorkflowEnvironment.newInstance(
        TestEnvironmentOptions.newBuilder()
            .setWorkflowClientOptions(
                WorkflowClientOptions.newBuilder()
                    .setDataConverter(TurnpikeJson.dataConverter())
                    .build())
            .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private void startWorker(RunnerActivities runner) {
    Worker worker = env.newWorker(TaskQueues.DEFAULT);
    TurnpikeWorkflows.register(worker, FAST);
    worker.registerActivitiesImplementations(context.getBean(TurnActivitiesImpl.class), runner);
    env.start();
  }

  private RunnerActivities realRunner() {
    return context.getBean(RunnerActivitiesImpl.class);
  }

  private TurnOutcome runTurn(Turn turn) {
    TurnWorkflow workflow =
        client.newWorkflowStub(
            TurnWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(turn.id())
                .setTaskQueue(TaskQueues.DEFAULT)
                .build());
    return workflow.run(fixture.start(turn));
  }

  private void submitAll(List<Turn> turns, int turnsPerRun) {
    for (Turn turn : turns) {
      SessionWorkflow session = sessionStub();
      BatchRequest request = client.newSignalWithStartRequest();
      request.add(
          session::run,
          new SessionRun(fixture.workspaceId, fixture.session.id(), List.of(), turnsPerRun));
      request.add(session::submit, new TurnTicket(turn.id()));
      client.signalWithStart(request);
    }
  }

  private SessionWorkflow sessionStub() {
    return client.newWorkflowStub(
        SessionWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(fixture.session.id())
            .setTaskQueue(TaskQueues.DEFAULT)
            .build());
  }

  private List<Event> sessionEvents() {
    return context
        .getBean(EventStore.class)
        .listBySession(fixture.workspaceId, fixture.session.id(), new PageRequest(100, null))
        .data();
  }

  /** Polls the turn row until it is finished; the later turns' workflows start only in turn. */
  private Turn awaitFinished(Turn turn) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Turn current = fixture.turn(turn.id());
      if (current.state().isTerminal()) {
        return current;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("turn " + turn.id() + " did not finish");
  }

  private static List<String> types(List<Event> events) {
    return events.stream().map(Event::type).toList();
  }

  private static void assertGapFreeAndUnique(List<Event> events) {
    for (int i = 0; i < events.size(); i++) {
      assertEquals(i + 1, events.get(i).sequence(), "sequence is gap-free from 1");
    }
    assertEquals(events.size(), new HashSet<>(events.stream().map(Event::id).toList()).size());
  }

  /** Delegates to the real runner, then fails its first {@code failures} attempts anyway. */
  static final class FailsAfterWriting implements RunnerActivities {
    final RunnerActivities delegate;
    final int failures;
    final AtomicInteger attempts = new AtomicInteger();

    FailsAfterWriting(RunnerActivities delegate, int failures) {
      this.delegate = delegate;
      this.failures = failures;
    }

    @Override
    public StepResult runStep(StepRequest request) {
      attempts.incrementAndGet();
      StepResult result = delegate.runStep(request);
      if (Activity.getExecutionContext().getInfo().getAttempt() <= failures) {
        throw new IllegalStateException("worker lost its connection after writing");
      }
      return result;
    }
  }

  @Test
  void retriedRunnerStepWritesEachEventOnce() {
    FailsAfterWriting runner = new FailsAfterWriting(realRunner(), 2);
    startWorker(runner);
    Turn turn = fixture.newTurn("say: one\ntool: search cats\nsay: two");

    TurnOutcome outcome = runTurn(turn);

    assertEquals(TurnState.COMPLETED, outcome.state());
    assertEquals(3, runner.attempts.get(), "the step ran three times");
    List<Event> events = sessionEvents();
    assertEquals(
        List.of(
            "message.created",
            "message.created",
            "tool_call.started",
            "tool_call.completed",
            "message.created",
            "turn.completed"),
        types(events));
    assertGapFreeAndUnique(events);
  }

  @Test
  void runnerThatKeepsFailingFailsTheTurnWithRunnerError() {
    startWorker(
        request -> {
          throw new IllegalStateException("model provider unreachable");
        });
    Turn turn = fixture.newTurn("say: never written");

    TurnOutcome outcome = runTurn(turn);

    assertEquals(TurnState.FAILED, outcome.state());
    assertEquals(Failure.RUNNER_ERROR, outcome.failure().code());
    assertTrue(outcome.failure().message().contains("model provider unreachable"));
    Turn stored = fixture.turn(turn.id());
    assertEquals(TurnState.FAILED, stored.state());
    assertEquals(Failure.RUNNER_ERROR, stored.failure().code());
    assertEquals(List.of("message.created", "turn.failed"), types(sessionEvents()));
    assertEquals(
        SessionState.FAILED,
        context
            .getBean(SessionStore.class)
            .get(fixture.workspaceId, fixture.session.id(), null)
            .state());
  }

  @Test
  void failLineEndsTheTurnAtOnceWithoutRetrying() {
    FailsAfterWriting runner = new FailsAfterWriting(realRunner(), 0);
    startWorker(runner);
    Turn turn = fixture.newTurn("say: before\nfail: disk full\nsay: after");

    TurnOutcome outcome = runTurn(turn);

    assertEquals(TurnState.FAILED, outcome.state());
    assertEquals(new Failure(Failure.RUNNER_ERROR, "disk full"), outcome.failure());
    assertEquals(1, runner.attempts.get());
    List<Event> events = sessionEvents();
    assertEquals(List.of("message.created", "message.created", "turn.failed"), types(events));
    assertEquals("before", events.get(1).data().get("content").asText());
    assertEquals("disk full", events.get(2).data().at("/failure/message").asText());
  }

  @Test
  void sessionRunsTurnsOneAtATimeInSubmissionOrder() throws InterruptedException {
    startWorker(realRunner());
    List<Turn> turns =
        List.of(
            fixture.newTurn("say: first\nsleep: 300\nsay: first done"),
            fixture.newTurn("say: second"),
            fixture.newTurn("sleep: 100\nsay: third"));
    submitAll(turns, 0);

    for (Turn turn : turns) {
      assertEquals(TurnState.COMPLETED, awaitFinished(turn).state());
    }

    List<Event> events = sessionEvents();
    assertGapFreeAndUnique(events);
    List<String> turnOrder =
        events.stream().map(Event::turnId).distinct().toList();
    assertEquals(turns.stream().map(Turn::id).toList(), turnOrder, "turns ran in order");
    for (Turn turn : turns) {
      List<Event> own = events.stream().filter(e -> e.turnId().equals(turn.id())).toList();
      assertEquals(own.getLast().sequence() - own.getFirst().sequence() + 1, own.size(),
          "a turn's events are contiguous: no other turn ran meanwhile");
      assertEquals("turn.completed", own.getLast().type());
      assertNull(fixture.turn(turn.id()).failure());
    }
    assertEquals(
        List.of(),
        client.newWorkflowStub(SessionWorkflow.class, fixture.session.id()).pendingTurns());
    record(client.fetchHistory(fixture.session.id()), "session-three-turns.json");
  }

  @Test
  void sessionContinuesAsNewAndKeepsItsQueue() throws InterruptedException {
    startWorker(realRunner());
    List<Turn> turns =
        java.util.stream.IntStream.range(0, 5)
            .mapToObj(i -> fixture.newTurn("say: turn " + i))
            .toList();

    submitAll(turns, 2);

    for (Turn turn : turns) {
      assertEquals(TurnState.COMPLETED, awaitFinished(turn).state());
    }
    List<String> order = sessionEvents().stream().map(Event::turnId).distinct().toList();
    assertEquals(turns.stream().map(Turn::id).toList(), order);
    // 5 turns at 2 per run: three runs, each continued from the one before.
    int runs = 1;
    String previous = startedBy(client.fetchHistory(fixture.session.id()));
    while (!previous.isEmpty()) {
      runs++;
      previous = startedBy(client.fetchHistory(fixture.session.id(), previous));
    }
    assertEquals(3, runs);
  }

  private static String startedBy(WorkflowExecutionHistory history) {
    return history
        .getEvents()
        .getFirst()
        .getWorkflowExecutionStartedEventAttributes()
        .getContinuedExecutionRunId();
  }

  @Test
  void completedTurnHistoryReplaysDeterministically() throws Exception {
    startWorker(realRunner());
    Turn turn = fixture.newTurn("say: hello\ntool: lookup x\nartifact: notes.md");
    runTurn(turn);

    var history = client.fetchHistory(turn.id());
    try (TestWorkflowEnvironment replayEnv = newEnvironment()) {
      Worker replayWorker = replayEnv.newWorker(TaskQueues.DEFAULT);
      TurnpikeWorkflows.register(replayWorker, FAST);
      WorkflowReplayer.replayWorkflowExecution(history, replayWorker);
    }

    record(history, "turn-completed.json");
  }

  /** Keeps a history so a newly recorded one can be committed to workflows/src/test/resources. */
  private static void record(WorkflowExecutionHistory history, String name) {
    try {
      Path out = Path.of("target", "recorded-histories", name);
      Files.createDirectories(out.getParent());
      Files.writeString(out, history.toJson(true));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
