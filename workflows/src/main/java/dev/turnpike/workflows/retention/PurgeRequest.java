package dev.turnpike.workflows.retention;

/** Purge what was due at {@code asOfEpochSeconds}. */
public record PurgeRequest(long asOfEpochSeconds) {}
