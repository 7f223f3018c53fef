package dev.turnpike.activities.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnpike.activities.approval.ApprovalActivitiesImpl;
import dev.turnpike.activities.approval.ApprovalRequest;
import dev.turnpike.activities.approval.ApprovalRequest.ApprovalState;
import dev.turnpike.activities.approval.ApprovalStore;
import dev.turnpike.activities.event.Event;
import dev.turnpike.activities.retention.RetentionActivitiesImpl;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.activities.runner.RunnerActivitiesImpl;
import dev.turnpike.activities.sandbox.ExecutionEnvironments;
import dev.turnpike.activities.sandbox.Sandbox;
import dev.turnpike.activities.session.SessionState;
import dev.turnpike.activities.session.SessionStore;
import dev.turnpike.activities.store.PageRequest;
import dev.turnpike.activities.testing.Fixture;
import dev.turnpike.activities.testing.StoreContext;
import dev.turnpike.activities.turn.Turn;
import dev.turnpike.activities.turn.TurnActivitiesImpl;
import dev.turnpike.workflows.TaskQueues;
import dev.turnpike.workflows.approval.ApprovalDecision;
import dev.turnpike.workflows.approval.DecideApproval;
import dev.turnpike.workflows.approval.Decision;
import dev.turnpike.workflows.TurnpikeWorkflows;
import dev.turnpike.workflows.json.TurnpikeJson;
import dev.turnpike.workflows.retention.RetentionWorkflow;
import dev.turnpike.workflows.runner.RunnerActivities;
import dev.turnpike.workflows.runner.StepRequest;
import dev.turnpike.workflows.runner.StepResult;
import dev.turnpike.workflows.sandbox.SandboxDeletion;
import dev.turnpike.workflows.sandbox.SandboxDeletionWorkflow;
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
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.CanceledFailure;
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
    worker.registerActivitiesImplementations(
        context.getBean(TurnActivitiesImpl.class),
        runner,
        context.getBean(ApprovalActivitiesImpl.class),
        context.getBean(RetentionActivitiesImpl.class),
        context.getBean(ExecutionEnvironments.class));
    env.start();
  }

  private RunnerActivities realRunner() {
    return context.getBean(RunnerActivitiesImpl.class);
  }

  private TurnOutcome runTurn(Turn turn) {
    return turnStub(turn).run(fixture.start(turn));
  }

  private TurnWorkflow turnStub(Turn turn) {
    return client.newWorkflowStub(
        TurnWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(turn.id())
            .setTaskQueue(TaskQueues.DEFAULT)
            .build());
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

  /** An idle session holds no workflow: its run ends, and the next turn starts a new one. */
  @Test
  void anIdleSessionsWorkflowEndsAndItsNextTurnStartsANewRun() throws InterruptedException {
    startWorker(realRunner());
    Turn first = fixture.newTurn("say: first");
    submitAll(List.of(first), 0);
    assertEquals(TurnState.COMPLETED, awaitFinished(first).state());
    WorkflowExecution firstRun = awaitClosed(fixture.session.id());

    Turn second = fixture.newTurn("say: second");
    submitAll(List.of(second), 0);
    assertEquals(TurnState.COMPLETED, awaitFinished(second).state());
    WorkflowExecution secondRun = awaitClosed(fixture.session.id());
    assertNotEquals(firstRun.getRunId(), secondRun.getRunId(), "the second turn ran in a new run");
    assertGapFreeAndUnique(sessionEvents());
  }

  /** Waits until the workflow's latest run has closed, completed; answers that run. */
  private WorkflowExecution awaitClosed(String workflowId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      var info =
          client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(client.getOptions().getNamespace())
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                  .build())
              .getWorkflowExecutionInfo();
      if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
        return info.getExecution();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the session's workflow " + workflowId + " did not end when idle");
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

  private TurnWorkflow startTurn(Turn turn) {
    TurnWorkflow workflow = turnStub(turn);
    WorkflowClient.start(workflow::run, fixture.start(turn));
    return workflow;
  }

  /** Polls PostgreSQL until the turn has a PENDING approval request and returns it. */
  private ApprovalRequest awaitPendingApproval(Turn turn) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      var pending =
          context
              .getBean(ApprovalStore.class)
              .list(fixture.workspaceId, null, turn.id(), ApprovalState.PENDING,
                  new PageRequest(10, null))
              .data();
      if (!pending.isEmpty() && fixture.turn(turn.id()).state()
          == TurnState.WAITING_FOR_PERMISSION) {
        return pending.getFirst();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("turn " + turn.id() + " never waited for an approval");
  }

  /** Cancels the turn's workflow and waits until it has closed as cancelled. */
  private static void cancelAndAwait(TurnWorkflow workflow) {
    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    stub.cancel();
    WorkflowFailedException closed =
        assertThrows(WorkflowFailedException.class, () -> stub.getResult(TurnOutcome.class));
    assertTrue(closed.getCause() instanceof CanceledFailure, closed.toString());
  }

  private static List<String> contents(List<Event> events) {
    return events.stream()
        .filter(e -> e.type().equals("message.created"))
        .map(e -> e.data().get("content").asText())
        .toList();
  }

  @Test
  void anApprovalLeftUndecidedExpiresOnItsDurableTimerAndCountsAsARejection() throws Exception {
    startWorker(realRunner());
    Turn turn = fixture.newTurn("say: before\napproval: deploy prod\nsay: never");
    TurnWorkflow workflow = startTurn(turn);
    ApprovalRequest pending = awaitPendingApproval(turn);
    assertEquals("deploy prod", pending.action());
    assertEquals(86_400, pending.expiresAt() - pending.requestedAt(), "the agent's default: 24 h");

    env.sleep(Duration.ofHours(25));

    TurnOutcome outcome = WorkflowStub.fromTyped(workflow).getResult(TurnOutcome.class);
    assertEquals(TurnState.COMPLETED, outcome.state());
    ApprovalRequest expired =
        context.getBean(ApprovalStore.class).get(fixture.workspaceId, pending.id());
    assertEquals(ApprovalState.EXPIRED, expired.state());
    List<Event> events = sessionEvents();
    assertEquals(
        List.of("message.created", "message.created", "approval_request.created",
            "widget.created", "approval_request.resolved", "message.created", "turn.completed"),
        types(events));
    assertEquals(List.of(turn.input().content(), "before", "rejected: deploy prod"),
        contents(events));
    assertGapFreeAndUnique(events);
  }

  @Test
  void theFirstDecisionWinsAndRepeatsGetItBack() throws Exception {
    startWorker(realRunner());
    Turn turn = fixture.newTurn("approval: rm -rf build\nsay: after");
    TurnWorkflow workflow = startTurn(turn);
    ApprovalRequest pending = awaitPendingApproval(turn);

    ApprovalDecision first =
        workflow.decide(new DecideApproval(pending.id(), Decision.APPROVED, "tok_a", "fine"));
    ApprovalDecision again =
        workflow.decide(new DecideApproval(pending.id(), Decision.APPROVED, "tok_b", null));
    ApprovalDecision opposite =
        workflow.decide(new DecideApproval(pending.id(), Decision.REJECTED, "tok_c", "no"));

    assertEquals(Decision.APPROVED, first.decision());
    assertEquals(first, again, "a repeat gets the recorded decision");
    assertEquals(first, opposite, "so does the opposite decision");
    TurnOutcome outcome = WorkflowStub.fromTyped(workflow).getResult(TurnOutcome.class);
    assertEquals(TurnState.COMPLETED, outcome.state());
    assertEquals(List.of(turn.input().content(), "approved: rm -rf build", "after"),
        contents(sessionEvents()));
    ApprovalRequest decided =
        context.getBean(ApprovalStore.class).get(fixture.workspaceId, pending.id());
    assertEquals(ApprovalState.APPROVED, decided.state());
    assertEquals("tok_a", decided.decidedBy());
    record(client.fetchHistory(turn.id()), "turn-approved.json");
  }

  @Test
  void aDecisionOnARequestTheTurnIsNotWaitingOnIsRefused() throws Exception {
    startWorker(realRunner());
    Turn turn = fixture.newTurn("approval: deploy\nsay: after");
    TurnWorkflow workflow = startTurn(turn);
    awaitPendingApproval(turn);
    assertThrows(
        WorkflowUpdateException.class,
        () -> workflow.decide(new DecideApproval("apr_other", Decision.APPROVED, "tok", null)));
    assertEquals(TurnState.WAITING_FOR_PERMISSION, fixture.turn(turn.id()).state());
  }

  @Test
  void cancellingATurnWaitingForApprovalCancelsTheRequestAndEndsTheTurn() throws Exception {
    startWorker(realRunner());
    Turn turn = fixture.newTurn("approval: deploy\nsay: never");
    TurnWorkflow workflow = startTurn(turn);
    ApprovalRequest pending = awaitPendingApproval(turn);

    cancelAndAwait(workflow);

    assertEquals(TurnState.CANCELLED, fixture.turn(turn.id()).state());
    assertEquals(ApprovalState.CANCELLED,
        context.getBean(ApprovalStore.class).get(fixture.workspaceId, pending.id()).state());
    List<Event> events = sessionEvents();
    assertEquals("turn.cancelled", events.getLast().type());
    assertEquals("approval_request.resolved", events.get(events.size() - 2).type());
    assertEquals(List.of(turn.input().content()), contents(events));
  }

  @Test
  void cancellingATurnMidSleepStopsTheRunnerBeforeTheTerminalEvent() throws Exception {
    startWorker(realRunner());
    Turn turn = fixture.newTurn("say: started\nsleep: 60000\nsay: never");
    TurnWorkflow workflow = startTurn(turn);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (contents(sessionEvents()).size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    long started = System.nanoTime();
    cancelAndAwait(workflow);
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertEquals(TurnState.CANCELLED, fixture.turn(turn.id()).state());
    assertTrue(tookMillis < 10_000, "cancelled mid-sleep within seconds: " + tookMillis + " ms");
    List<Event> events = sessionEvents();
    assertEquals(List.of("message.created", "message.created", "turn.cancelled"), types(events));
  }

  @Test
  void theRetentionCronReplacesExpiredEventsWithAHandoffSummary() throws Exception {
    startWorker(realRunner());
    Turn turn = fixture.newTurn("say: keep me short\ntool: search x");
    runTurn(turn);
    List<Event> before = sessionEvents();
    SessionStore sessions = context.getBean(SessionStore.class);
    var session = sessions.get(fixture.workspaceId, fixture.session.id(), null);
    assertTrue(session.eventsRetainedUntil() != null, "the fixture workspace keeps events 1 day");

    RetentionWorkflow retention =
        client.newWorkflowStub(
            RetentionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(RetentionWorkflow.WORKFLOW_ID + "-" + fixture.session.id())
                .setTaskQueue(TaskQueues.DEFAULT)
                .setCronSchedule("0 * * * *")
                .build());
    WorkflowClient.start(retention::purge);
    env.sleep(Duration.ofHours(12));
    assertEquals(before, sessionEvents(), "nothing is purged before it is due");
    env.sleep(Duration.ofDays(1));

    List<Event> after = sessionEvents();
    assertEquals(List.of("handoff_summary.created"), types(after));
    Event summary = after.getFirst();
    assertEquals(before.size(), summary.data().get("purged_event_count").asInt());
    assertEquals(before.getLast().sequence(), summary.data().get("purged_through_sequence").asLong());
    assertEquals(before.getLast().sequence() + 1, summary.sequence(), "the sequence goes on");
    assertEquals("keep me short", summary.data().get("last_assistant_message").asText(""),
        summary.data().toString());
    var purged = sessions.get(fixture.workspaceId, fixture.session.id(), null);
    assertEquals(summary.cursor(), purged.lastEventCursor(), "last_event_cursor is the summary");
    assertNull(purged.eventsRetainedUntil());
    assertEquals(TurnState.COMPLETED, fixture.turn(turn.id()).state(), "turns stay");
  }

  @Test
  void anArchivedSessionsSandboxIsDeletedWithOneEventHoweverOftenItRuns() throws Exception {
    startWorker(realRunner());
    Turn turn = fixture.newTurn("say: hi");
    runTurn(turn);
    ExecutionEnvironments environments = context.getBean(ExecutionEnvironments.class);
    Sandbox sandbox = environments.open(fixture.turn(turn.id()));
    Files.writeString(sandbox.root().resolve("notes.txt"), "x");
    SessionStore sessions = context.getBean(SessionStore.class);
    sessions.close(fixture.workspaceId, fixture.session.id(), SessionState.ARCHIVED);

    String workflowId = SandboxDeletionWorkflow.workflowId(fixture.session.id());
    SandboxDeletion deletion = new SandboxDeletion(fixture.workspaceId, fixture.session.id());
    client
        .newWorkflowStub(
            SandboxDeletionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.DEFAULT)
                .build())
        .delete(deletion);
    record(client.fetchHistory(workflowId), "sandbox-deleted.json");
    environments.deleteArchived(deletion);

    assertFalse(Files.exists(sandbox.root()));
    assertNull(sessions.get(fixture.workspaceId, fixture.session.id(), null).currentSandboxId());
    List<Event> deleted =
        sessionEvents().stream()
            .filter(e -> e.type().equals("execution_environment.deleted"))
            .toList();
    assertEquals(1, deleted.size(), "a repeated activity adds nothing");
    assertEquals(sandbox.id(), deleted.getFirst().data().get("sandbox_id").asText());
    assertNull(deleted.getFirst().turnId(), "a session event");
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
