package dev.turnpike.workflows.spawn;

/**
 * A runner step started a sub-agent: its session and first turn are written (QUEUED); the
 * parent turn runs that turn as a child workflow and waits for it.
 */
public record SpawnAsk(String sessionId, String turnId) {}
