package dev.turnpike.activities.session;

/** The seeds' list filters; null means "any". */
public record SessionFilter(
    String parentSession,
    String forkedFromSession,
    String spawnedByTurn,
    String agentRole,
    boolean includeArchived) {}
