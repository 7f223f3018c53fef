package dev.turnpike.workflows.session;

import java.util.List;

/** Input of a {@link SessionWorkflow} run; carries the queue across continue-as-new. */
public record SessionRun(String workspaceId, String sessionId, List<String> pendingTurnIds) {
  public SessionRun {
    pendingTurnIds = pendingTurnIds == null ? List.of() : List.copyOf(pendingTurnIds);
  }
}
