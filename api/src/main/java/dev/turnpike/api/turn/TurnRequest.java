package dev.turnpike.api.turn;

/** Body of {@code POST /v1/agent_turns}. */
public record TurnRequest(
    String sessionId, Input input, String model, String multitaskStrategy) {
  public record Input(String content) {}
}
