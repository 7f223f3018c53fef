package dev.turnpike.api.workspace;

/**
 * Body of {@code POST /v1/workspaces} and {@code PATCH /v1/workspaces/{id}}: {@code
 * event_retention_days} (1–3650) is how long sessions keep their events after their last turn.
 */
public record WorkspaceRequest(String name, Long eventRetentionDays) {}
