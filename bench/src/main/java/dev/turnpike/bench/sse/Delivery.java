package dev.turnpike.bench.sse;

/** One SSE event as a subscriber got it: when its data line was read, and the data (JSON). */
public record Delivery(long receivedNanos, String data) {}
