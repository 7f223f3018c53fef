package dev.turnpike.activities.turn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.activities.event.EventData;
import dev.turnpike.activities.event.EventScope;
import dev.turnpike.activities.event.EventStore;
import dev.turnpike.activities.event.EventTypes;
import dev.turnpike.activities.event.NewEvent;
import dev.turnpike.activities.sandbox.ExecutionEnvironments;
import dev.turnpike.activities.session.SessionState;
import dev.turnpike.activities.session.SessionStore;
import dev.turnpike.activities.store.Db;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.store.Sql;
import dev.turnpike.activities.store.UsageSummary;
import dev.turnpike.workflows.turn.TurnActivities;
import dev.turnpike.workflows.turn.TurnFinish;
import dev.turnpike.workflows.turn.TurnOutcome;
import dev.turnpike.workflows.turn.TurnStart;
import dev.turnpike.workflows.turn.TurnState;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

@Singleton
public class TurnActivitiesImpl implements TurnActivities {
  private final Db db;

  public TurnActivitiesImpl(Db db) {
    this.db = db;
  }

  /** The id of the turn's first event (the user's input). */
  public static String inputEventId(String turnId) {
    return Ids.derived("evt_", turnId, "input");
  }

  /** The id of the turn's one terminal event, whoever writes it. */
  public static String terminalEventId(String turnId) {
    return Ids.derived("evt_", turnId, "end");
  }

  @Override
  public boolean begin(TurnStart start) {
    return db.write(
        c -> {
          Optional<Turn> found = markRunning(c, start);
          if (found.isEmpty()) {
            // Not QUEUED: gone, finished, or RUNNING already (this begin is a retry).
            found = lock(c, start);
            if (found.isEmpty() || found.get().state().isTerminal()) {
              return false;
            }
          }
          Turn turn = found.get();
          SessionStore.setState(c, start.workspaceId(), start.sessionId(), SessionState.ACTIVE);
          EventStore.append(
              c,
              scope(turn),
              List.of(
                  new NewEvent(
                      inputEventId(turn.id()),
                      EventTypes.MESSAGE_CREATED,
                      EventData.message("user", turn.input().content()))));
          return true;
        });
  }

  @Override
  public void finish(TurnFinish finish) {
    TurnStart start = finish.turn();
    db.write(
        c -> {
          Optional<Turn> found = lock(c, start);
          if (found.isPresent() && !found.get().state().isTerminal()) {
            end(c, found.get(), finish.outcome(), true);
          }
          return null;
        });
  }

  /**
   * Cancels a turn that has not begun; true if it was QUEUED. Its session's workflow skips it
   * when it gets to it, and the session's state (another turn may be running) is left alone.
   */
  public boolean cancelQueued(TurnStart start) {
    return db.write(
        c -> {
          Optional<Turn> found = lock(c, start);
          if (found.isEmpty() || found.get().state() != TurnState.QUEUED) {
            return false;
          }
          end(c, found.get(), TurnOutcome.cancelled(), false);
          return true;
        });
  }

  private static void end(Connection c, Turn turn, TurnOutcome outcome, boolean settleSession)
      throws SQLException {
    JsonNode usage = finishRow(c, turn, outcome);
    UsageSummary.addTo(c, "sessions", turn.workspaceId(), turn.sessionId(), usage);
    retainEvents(c, turn);
    ExecutionEnvironments.stopIfOpened(c, turn);
    if (settleSession) {
      SessionStore.setState(
          c,
          turn.workspaceId(),
          turn.sessionId(),
          outcome.state() == TurnState.FAILED
              ? SessionState.FAILED
              : SessionState.WAITING_FOR_INPUT);
    }
    EventStore.append(c, scope(turn), List.of(terminalEvent(turn.id(), outcome)));
    // Last before the commit: every turn of the agent ends by updating this one row, so it stays
    // locked for as short a time as possible. (Submits take a key-share lock, which this does
    // not wait for.)
    UsageSummary.addTo(c, "agents", turn.workspaceId(), turn.agentId(), usage);
  }

  /**
   * Ends the turn's row and adds its tool calls to its API calls (model calls are counted as they
   * happen); returns its usage, which the caller adds to its session and agent. Runs once per
   * turn: only while ending a turn that had not ended.
   */
  private static JsonNode finishRow(Connection c, Turn turn, TurnOutcome outcome)
      throws SQLException {
    return Sql.one(
            c,
            "UPDATE turns SET state = ?, completed_at = now(), started_at = COALESCE(started_at,"
                + " now()), failure_code = ?, failure_message = ?, version = version + 1,"
                + " updated_at = now(), usage_summary = jsonb_set(usage_summary,"
                + " '{api_call_count}', to_jsonb(COALESCE((usage_summary ->> 'api_call_count')"
                + "::numeric, 0) + (SELECT count(*) FROM events WHERE turn_id = turns.id"
                + " AND type = ?))) WHERE workspace_id = ? AND id = ? RETURNING usage_summary",
            rs -> Sql.json(rs, "usage_summary"),
            outcome.state(),
            outcome.failure() == null ? null : outcome.failure().code(),
            outcome.failure() == null ? null : outcome.failure().message(),
            EventTypes.TOOL_CALL_STARTED,
            turn.workspaceId(),
            turn.id())
        .orElseThrow();
  }

  /** The session keeps its events for the workspace's retention period after this turn. */
  private static void retainEvents(Connection c, Turn turn) throws SQLException {
    Sql.update(
        c,
        "UPDATE sessions s SET events_retained_until = now()"
            + " + make_interval(days => w.event_retention_days)"
            + " FROM workspaces w WHERE w.id = s.workspace_id AND s.workspace_id = ? AND s.id = ?"
            + " AND w.event_retention_days IS NOT NULL",
        turn.workspaceId(),
        turn.sessionId());
  }

  private static NewEvent terminalEvent(String turnId, TurnOutcome outcome) {
    ObjectNode data = EventData.object().put("state", outcome.state().name());
    String type =
        switch (outcome.state()) {
          case COMPLETED -> EventTypes.TURN_COMPLETED;
          case CANCELLED -> EventTypes.TURN_CANCELLED;
          default -> EventTypes.TURN_FAILED;
        };
    if (outcome.failure() != null) {
      data.putObject("failure")
          .put("code", outcome.failure().code())
          .put("message", outcome.failure().message());
    }
    return new NewEvent(terminalEventId(turnId), type, data);
  }

  /** A QUEUED turn becomes RUNNING (its row locked until the commit); empty if it was not QUEUED. */
  private static Optional<Turn> markRunning(Connection c, TurnStart start) throws SQLException {
    return Sql.one(
        c,
        "UPDATE turns SET state = 'RUNNING', started_at = now(), version = version + 1,"
            + " updated_at = now() WHERE workspace_id = ? AND id = ? AND state = 'QUEUED'"
            + " RETURNING " + TurnStore.COLUMNS,
        TurnStore::map,
        start.workspaceId(),
        start.turnId());
  }

  private static Optional<Turn> lock(Connection c, TurnStart start) throws SQLException {
    return Sql.one(
        c,
        "SELECT " + TurnStore.COLUMNS + " FROM turns WHERE workspace_id = ? AND id = ? FOR UPDATE",
        TurnStore::map,
        start.workspaceId(),
        start.turnId());
  }

  static EventScope scope(Turn turn) {
    return new EventScope(turn.workspaceId(), turn.agentId(), turn.sessionId(), turn.id());
  }
}
