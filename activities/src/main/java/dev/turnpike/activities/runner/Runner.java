package dev.turnpike.activities.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpike.workflows.runner.StepResult;

/**
 * The runner SPI: one adapter per kind of agent (scripted, openai, process, http), chosen by the
 * agent's {@code runner.type}. A runner turns its agent's work into normalized events through the
 * {@link RunnerContext} and returns at the points where the workflow must decide.
 */
public interface Runner {
  /** The value of {@code runner.type} this runner serves. */
  String type();

  /**
   * Checks the agent's {@code runner} block when an agent is created or updated; throws
   * IllegalArgumentException naming what is wrong (the API answers 422 invalid_runner_config).
   */
  default void validate(JsonNode runnerBlock) {}

  /** Goes on from {@code context.position()}; the context writes events and heartbeats. */
  StepResult run(RunnerContext context) throws InterruptedException;
}
