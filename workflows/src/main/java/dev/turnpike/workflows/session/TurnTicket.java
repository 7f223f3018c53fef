package dev.turnpike.workflows.session;

/** A turn handed to its session's workflow; the turn row is already written. */
public record TurnTicket(String turnId) {}
