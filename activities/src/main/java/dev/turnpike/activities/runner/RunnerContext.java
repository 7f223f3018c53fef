package dev.turnpike.activities.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.activities.agent.Agent;
import dev.turnpike.activities.event.Event;
import dev.turnpike.activities.sandbox.Sandbox;
import dev.turnpike.activities.turn.Turn;
import dev.turnpike.workflows.approval.ApprovalAsk;
import dev.turnpike.workflows.approval.ApprovalDecision;
import dev.turnpike.workflows.spawn.ChildOutcome;
import dev.turnpike.workflows.spawn.SpawnAsk;
import java.util.List;
import java.util.Optional;

/** What a runner may see and do during one step. */
public interface RunnerContext {
  Turn turn();

  Agent agent();

  /** Where to resume: the position the workflow asked for, or a later one this step reached. */
  int position();

  /**
   * Durably appends the events produced at {@code position}. Their ids derive from (turn,
   * position, index), so emitting the same position again after a retry writes nothing new.
   */
  void emit(int position, List<Emission> events);

  /**
   * Appends one event as it arrives, for runners that stream output line by line: its id
   * derives from (turn, position, line), so a retried step's lines that were already written are
   * skipped and the first attempt's stand.
   */
  void emitLine(int position, int line, Emission event);

  /** Records that everything before {@code position} is done; throws if the turn is cancelled. */
  void checkpoint(int position);

  /** Waits, heartbeating at {@code position}, and stops early if the turn is cancelled. */
  void sleep(long millis, int position) throws InterruptedException;

  /**
   * Asks for approval of a gated action at {@code position}: writes the approval request (once:
   * its id derives from the turn and position), its {@code approval_request.created} event and
   * approval card, and returns what the step returns so the turn waits for the decision.
   */
  ApprovalAsk askApproval(int position, String action, JsonNode details);

  /**
   * The decision on the approval asked at {@code position}, when the workflow resumed this step
   * with it; null otherwise (no decision yet, or a decision on another position's request).
   */
  ApprovalDecision decisionAt(int position);

  /** Appends the events that follow the decision at {@code position}, once, like {@link #emit}. */
  void emitAfterDecision(int position, List<Emission> events);

  /**
   * Starts a sub-agent at {@code position}: writes (once) a child session with {@code role} and
   * its first turn running {@code script}, and returns what the step returns so the turn runs
   * it as a child workflow and waits for it.
   */
  SpawnAsk spawn(int position, String role, String script);

  /** The outcome of the sub-agent spawned at {@code position}, once resumed with it; else null. */
  ChildOutcome childAt(int position);

  /** A turn's last assistant message, e.g. a sub-agent's final answer. */
  Optional<String> finalMessage(String turnId);

  /** The session's messages before this turn, oldest first: the runner's prior context. */
  List<Event> history();

  /**
   * The session's execution environment (a working directory), created on its first use:
   * every file a runner or tool touches is resolved inside it.
   */
  Sandbox sandbox();

  /** One normalized event: its type and data. */
  record Emission(String type, JsonNode data) {}
}
