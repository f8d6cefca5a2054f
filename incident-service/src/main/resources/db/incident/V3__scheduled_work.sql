-- Work due at a time (io.statuspage.schedule.Schedule): maintenance reminders, the automatic start and end of a
-- window. Written in the transaction of the change that makes it due; one row per kind and key, moved when the time
-- changes. Instances claim due rows with FOR UPDATE SKIP LOCKED and a lease (claim, claimed_until), run them outside
-- that transaction and delete them when done; a failure counts the attempt and waits until next_attempt_at.
CREATE TABLE scheduled_work (
  kind            text        NOT NULL,
  key             text        NOT NULL,
  due_at          timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  attempts        integer     NOT NULL DEFAULT 0,
  claim           uuid,
  claimed_until   timestamptz,
  last_error      text,
  PRIMARY KEY (kind, key)
);

CREATE INDEX scheduled_work_next_attempt_at_idx ON scheduled_work (next_attempt_at);
