-- A session's execution environment: a working directory (its sandbox) created on first use.
ALTER TABLE sessions ADD COLUMN current_sandbox_id text;
