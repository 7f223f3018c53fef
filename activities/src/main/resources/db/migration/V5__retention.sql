-- How long a workspace keeps a session's events after its last turn ends (null: forever).
-- Past sessions.events_retained_until the retention workflow replaces them with one
-- handoff_summary.created event.
ALTER TABLE workspaces ADD COLUMN event_retention_days integer;
CREATE INDEX sessions_retention_due ON sessions (events_retained_until)
  WHERE events_retained_until IS NOT NULL;
