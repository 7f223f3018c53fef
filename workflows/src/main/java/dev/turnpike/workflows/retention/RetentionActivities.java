package dev.turnpike.workflows.retention;

import io.temporal.activity.ActivityInterface;

@ActivityInterface(namePrefix = "Retention")
public interface RetentionActivities {
  /** Purges a batch of sessions due as of the request's time; idempotent. */
  PurgeReport purgeExpired(PurgeRequest request);
}
