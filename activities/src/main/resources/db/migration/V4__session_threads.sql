-- How a turn was submitted while others were unfinished: enqueue, reject or interrupt.
ALTER TABLE turns ADD COLUMN multitask_strategy text NOT NULL DEFAULT 'enqueue';
-- Runner time of a turn, summed as its steps end; rolled up into session and agent at its end.
CREATE INDEX turns_by_session_unfinished ON turns (session_id, row_seq)
  WHERE state IN ('QUEUED', 'RUNNING', 'WAITING_FOR_PERMISSION');
