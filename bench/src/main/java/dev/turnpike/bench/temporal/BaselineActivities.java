package dev.turnpike.bench.temporal;

import io.temporal.activity.ActivityInterface;

/**
 * Three activities that do nothing, as many as a Turnpike turn runs (begin, one runner step,
 * finish).
 */
@ActivityInterface
public interface BaselineActivities {
  void begin();

  void step();

  void finish();

  /** The implementation: every call returns at once. */
  final class NoOp implements BaselineActivities {
    @Override
    public void begin() {}

    @Override
    public void step() {}

    @Override
    public void finish() {}
  }
}
