package dev.turnpike.workflows.session;

import java.util.List;

/**
 * Input of a {@link SessionWorkflow} run; carries the queue across continue-as-new. {@code
 * turnsPerRun} bounds the turns one run executes before it continues as new (0: the default).
 */
public record SessionRun(
    String workspaceId, String sessionId, List<String> pendingTurnIds, int turnsPerRun) {
  public static final int DEFAULT_TURNS_PER_RUN = 200;

  public SessionRun {
    pendingTurnIds = pendingTurnIds == null ? List.of() : List.copyOf(pendingTurnIds);
  }

  public int turnsPerRunOrDefault() {
    return turnsPerRun > 0 ? turnsPerRun : DEFAULT_TURNS_PER_RUN;
  }

  SessionRun continuedWith(List<String> pending) {
    return new SessionRun(workspaceId, sessionId, pending, turnsPerRun);
  }
}
