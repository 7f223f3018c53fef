package dev.turnpike.activities.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.activities.agent.Agent;
import dev.turnpike.activities.approval.ApprovalEvents;
import dev.turnpike.activities.approval.ApprovalRequest;
import dev.turnpike.activities.approval.ApprovalStore;
import dev.turnpike.activities.event.Event;
import dev.turnpike.activities.event.EventScope;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.activities.event.NewEvent;
import dev.turnpike.activities.sandbox.ExecutionEnvironments;
import dev.turnpike.activities.sandbox.Sandbox;
import dev.turnpike.activities.session.SessionLineage;
import dev.turnpike.activities.store.Db;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.turn.Turn;
import dev.turnpike.workflows.approval.ApprovalAsk;
import dev.turnpike.workflows.approval.ApprovalDecision;
import dev.turnpike.workflows.spawn.ChildOutcome;
import dev.turnpike.workflows.spawn.SpawnAsk;
import io.temporal.activity.ActivityExecutionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link RunnerContext} backed by a Temporal activity: heartbeats carry the position. */
final class ActivityRunnerContext implements RunnerContext {
  private static final long SLEEP_SLICE_MILLIS = 250;

  private final ActivityExecutionContext activity;
  private final Db db;
  private final Turn turn;
  private final Agent agent;
  private final int position;
  private final ApprovalDecision decision;
  private final ChildOutcome child;
  private final ExecutionEnvironments environments;
  private Sandbox sandbox;

  ActivityRunnerContext(
      ActivityExecutionContext activity,
      Db db,
      Turn turn,
      Agent agent,
      int position,
      ApprovalDecision decision,
      ChildOutcome child,
      ExecutionEnvironments environments) {
    this.activity = activity;
    this.db = db;
    this.turn = turn;
    this.agent = agent;
    this.position = position;
    this.decision = decision;
    this.child = child;
    this.environments = environments;
  }

  @Override
  public Sandbox sandbox() {
    if (sandbox == null) {
      sandbox = environments.open(turn);
    }
    return sandbox;
  }

  @Override
  public Turn turn() {
    return turn;
  }

  @Override
  public Agent agent() {
    return agent;
  }

  @Override
  public int position() {
    return position;
  }

  @Override
  public void emit(int at, List<Emission> emissions) {
    append("p" + at, emissions);
  }

  @Override
  public void emitLine(int at, int line, Emission event) {
    NewEvent e =
        new NewEvent(
            Ids.derived("evt_", turn.id(), "p" + at, "l" + line), event.type(), event.data());
    db.write(c -> EventStore.append(c, scope(), List.of(e)));
  }

  @Override
  public void emitAfterDecision(int at, List<Emission> emissions) {
    append("p" + at + "-decided", emissions);
  }

  private void append(String positionKey, List<Emission> emissions) {
    List<NewEvent> batch = new ArrayList<>(emissions.size());
    for (int i = 0; i < emissions.size(); i++) {
      Emission e = emissions.get(i);
      String id = Ids.derived("evt_", turn.id(), positionKey, Integer.toString(i));
      batch.add(new NewEvent(id, e.type(), e.data()));
    }
    db.write(c -> EventStore.append(c, scope(), batch));
  }

  private EventScope scope() {
    return new EventScope(turn.workspaceId(), turn.agentId(), turn.sessionId(), turn.id());
  }

  @Override
  public ApprovalAsk askApproval(int at, String action, JsonNode details) {
    String id = ApprovalStore.idFor(turn.id(), "p" + at);
    long timeout = agent.approvalTimeoutSeconds();
    ApprovalRequest request =
        db.write(
            c -> {
              ApprovalRequest r = ApprovalStore.create(c, turn, id, action, details, timeout);
              EventStore.append(c, scope(), ApprovalEvents.asked(r));
              return r;
            });
    return new ApprovalAsk(request.id(), action, timeout);
  }

  @Override
  public ApprovalDecision decisionAt(int at) {
    boolean forThisRequest =
        decision != null && decision.approvalId().equals(ApprovalStore.idFor(turn.id(), "p" + at));
    return forThisRequest ? decision : null;
  }

  @Override
  public SpawnAsk spawn(int at, String role, String script) {
    SessionLineage.Spawned spawned =
        db.write(c -> SessionLineage.spawn(c, turn, "p" + at, role, script));
    return new SpawnAsk(spawned.sessionId(), spawned.turnId());
  }

  @Override
  public ChildOutcome childAt(int at) {
    boolean spawnedHere =
        child != null && child.turnId().equals(SessionLineage.spawnedTurnId(turn.id(), "p" + at));
    return spawnedHere ? child : null;
  }

  @Override
  public Optional<String> finalMessage(String turnId) {
    return db.read(c -> EventStore.lastAssistantMessage(c, turn.workspaceId(), turnId));
  }

  @Override
  public List<Event> history() {
    return db.read(c -> EventStore.messagesBefore(c, turn.workspaceId(), turn.sessionId(), turn.id()));
  }

  @Override
  public void checkpoint(int at) {
    activity.heartbeat(at);
  }

  @Override
  public void sleep(long millis, int at) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    long remaining;
    while ((remaining = (deadline - System.nanoTime()) / 1_000_000) > 0) {
      Thread.sleep(Math.min(remaining, SLEEP_SLICE_MILLIS));
      activity.heartbeat(at);
    }
  }
}
