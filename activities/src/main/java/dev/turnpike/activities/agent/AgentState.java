package dev.turnpike.activities.agent;

public enum AgentState {
  ENABLED,
  ARCHIVED
}
