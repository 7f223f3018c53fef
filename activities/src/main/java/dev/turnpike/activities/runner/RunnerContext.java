package dev.turnpike.activities.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.activities.agent.Agent;
import dev.turnpike.activities.turn.Turn;
import java.util.List;

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

  /** Records that everything before {@code position} is done; throws if the turn is cancelled. */
  void checkpoint(int position);

  /** Waits, heartbeating at {@code position}, and stops early if the turn is cancelled. */
  void sleep(long millis, int position) throws InterruptedException;

  /** One normalized event: its type and data. */
  record Emission(String type, JsonNode data) {}
}
