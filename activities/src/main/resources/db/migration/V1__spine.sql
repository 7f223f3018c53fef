-- The spine: workspaces, api tokens, agents, sessions, turns, events.
-- Every row carries workspace_id and every query filters on it.
-- row_seq orders resources newest first and backs their opaque list cursors.

CREATE TABLE workspaces (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  is_default  boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     integer NOT NULL DEFAULT 1,
  row_seq     bigint GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE UNIQUE INDEX workspaces_one_default ON workspaces (is_default) WHERE is_default;

CREATE TABLE api_tokens (
  id            text PRIMARY KEY,
  workspace_id  text NOT NULL REFERENCES workspaces (id),
  name          text NOT NULL,
  token_hash    text NOT NULL UNIQUE,
  admin         boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  row_seq       bigint GENERATED ALWAYS AS IDENTITY UNIQUE
);

CREATE TABLE agents (
  id             text PRIMARY KEY,
  workspace_id   text NOT NULL REFERENCES workspaces (id),
  name           text NOT NULL,
  description    text,
  instructions   text NOT NULL,
  state          text NOT NULL,
  origin         text NOT NULL,
  capabilities   jsonb NOT NULL,
  ambient        jsonb NOT NULL,
  model_policy   jsonb NOT NULL,
  runner         jsonb NOT NULL,
  created_by     text NOT NULL,
  usage_summary  jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  version        integer NOT NULL DEFAULT 1,
  row_seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX agents_by_workspace ON agents (workspace_id, row_seq DESC);

CREATE TABLE sessions (
  id                      text PRIMARY KEY,
  workspace_id            text NOT NULL REFERENCES workspaces (id),
  agent_id                text NOT NULL REFERENCES agents (id),
  title                   text,
  created_by              text NOT NULL,
  parent_session_id       text,
  forked_from_session_id  text,
  spawned_by_turn_id      text,
  agent_role              text,
  state                   text NOT NULL,
  last_sequence           bigint NOT NULL DEFAULT 0,
  events_retained_until   timestamptz,
  filesystem_pinned       boolean NOT NULL DEFAULT false,
  usage_summary           jsonb NOT NULL,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  version                 integer NOT NULL DEFAULT 1,
  row_seq                 bigint GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX sessions_by_workspace ON sessions (workspace_id, row_seq DESC);

CREATE TABLE turns (
  id               text PRIMARY KEY,
  workspace_id     text NOT NULL REFERENCES workspaces (id),
  agent_id         text NOT NULL REFERENCES agents (id),
  session_id       text NOT NULL REFERENCES sessions (id),
  input_content    text NOT NULL,
  model            text,
  created_by       text NOT NULL,
  state            text NOT NULL,
  decision_reason  text,
  failure_code     text,
  failure_message  text,
  usage_summary    jsonb NOT NULL,
  started_at       timestamptz,
  completed_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          integer NOT NULL DEFAULT 1,
  row_seq          bigint GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX turns_by_workspace ON turns (workspace_id, row_seq DESC);
CREATE INDEX turns_by_session ON turns (session_id, row_seq DESC);
CREATE INDEX turns_unfinished ON turns (state) WHERE state IN ('QUEUED', 'RUNNING');

-- Events: ids are derived from (turn, position, index) so a retried activity rewrites nothing;
-- sequence is gap-free per session, assigned under the session row's lock.
CREATE TABLE events (
  id            text PRIMARY KEY,
  workspace_id  text NOT NULL REFERENCES workspaces (id),
  agent_id      text NOT NULL,
  session_id    text NOT NULL REFERENCES sessions (id),
  turn_id       text,
  sequence      bigint NOT NULL,
  type          text NOT NULL,
  data          jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (session_id, sequence)
);
CREATE INDEX events_by_turn ON events (turn_id, sequence);
