package dev.turnpike.activities.runner;

import dev.turnpike.activities.agent.Agent;
import dev.turnpike.activities.event.EventScope;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.activities.event.NewEvent;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.turn.Turn;
import io.temporal.activity.ActivityExecutionContext;
import java.util.ArrayList;
import java.util.List;

/** A {@link RunnerContext} backed by a Temporal activity: heartbeats carry the position. */
final class ActivityRunnerContext implements RunnerContext {
  private static final long SLEEP_SLICE_MILLIS = 250;

  private final ActivityExecutionContext activity;
  private final EventStore events;
  private final Turn turn;
  private final Agent agent;
  private final int position;

  ActivityRunnerContext(
      ActivityExecutionContext activity, EventStore events, Turn turn, Agent agent, int position) {
    this.activity = activity;
    this.events = events;
    this.turn = turn;
    this.agent = agent;
    this.position = position;
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
    List<NewEvent> batch = new ArrayList<>(emissions.size());
    for (int i = 0; i < emissions.size(); i++) {
      Emission e = emissions.get(i);
      String id = Ids.derived("evt_", turn.id(), "p" + at, Integer.toString(i));
      batch.add(new NewEvent(id, e.type(), e.data()));
    }
    events.append(
        new EventScope(turn.workspaceId(), turn.agentId(), turn.sessionId(), turn.id()), batch);
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
