package dev.turnpike.workflows.retention;

/** How many sessions a batch purged, and whether more are due. */
public record PurgeReport(int sessions, boolean more) {}
