-- Human approvals of gated actions. Ids are derived from (turn, runner position) so a retried
-- runner step asks once; exactly one decision moves a request out of PENDING.
CREATE TABLE approval_requests (
  id            text PRIMARY KEY,
  workspace_id  text NOT NULL REFERENCES workspaces (id),
  agent_id      text NOT NULL,
  session_id    text NOT NULL REFERENCES sessions (id),
  turn_id       text NOT NULL REFERENCES turns (id),
  action        text NOT NULL,
  details       jsonb NOT NULL,
  state         text NOT NULL,
  requested_at  timestamptz NOT NULL DEFAULT now(),
  decided_at    timestamptz,
  decided_by    text,
  reason        text,
  expires_at    timestamptz NOT NULL,
  version       integer NOT NULL DEFAULT 1,
  row_seq       bigint GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX approval_requests_by_workspace ON approval_requests (workspace_id, row_seq DESC);
CREATE INDEX approval_requests_by_turn ON approval_requests (turn_id, state);

-- How long an approval request of this agent waits before it expires (treated as a rejection).
ALTER TABLE agents ADD COLUMN approval_timeout_seconds integer NOT NULL DEFAULT 86400;

-- A turn waiting for a decision is unfinished too.
DROP INDEX turns_unfinished;
CREATE INDEX turns_unfinished ON turns (state)
  WHERE state IN ('QUEUED', 'RUNNING', 'WAITING_FOR_PERMISSION');
