-- What each subscriber is to be sent: one row per (event, subscriber), written in the transaction that takes the
-- event in, so a redelivered event adds nothing and a crash loses nothing. The payload is built then, so every retry
-- sends the same bytes under the same id (the webhook-id). Workers claim due rows with a lease (FOR UPDATE SKIP
-- LOCKED), send outside any transaction, and mark them under the lease they hold.
CREATE TABLE delivery (
  id              text        PRIMARY KEY,
  event_id        uuid        NOT NULL,
  subscriber_id   text        NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
  -- The email part adds its rows with channel 'email'; workers claim their own channel.
  channel         text        NOT NULL CHECK (channel IN ('webhook', 'email')),
  event_type      text        NOT NULL,
  payload         text        NOT NULL,
  created_at      timestamptz NOT NULL,
  -- pending: to send; sent: a 2xx came back; stopped: not sent, for good (410, quarantine, unsubscribed).
  state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'stopped')),
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease           uuid,
  leased_until    timestamptz,
  last_attempt_at timestamptz,
  last_status     integer,
  last_error      text,
  sent_at         timestamptz,
  UNIQUE (event_id, subscriber_id)
);
CREATE INDEX delivery_due_idx ON delivery (channel, next_attempt_at) WHERE state = 'pending';
CREATE INDEX delivery_subscriber_idx ON delivery (subscriber_id, created_at);
-- The rows leased now, per subscriber: few, so the per-endpoint bound of a claim stays cheap however long the queue.
CREATE INDEX delivery_leased_idx ON delivery (subscriber_id) WHERE lease IS NOT NULL;

-- Failed attempts in a row per subscriber (a 2xx resets them): ten, the first an hour or so before, quarantine it.
ALTER TABLE subscriber ADD COLUMN failures integer NOT NULL DEFAULT 0;
ALTER TABLE subscriber ADD COLUMN failing_since timestamptz;

-- "Tell the contact": written with the quarantine (or the 410 that disabled a webhook); the email part sends it.
CREATE TABLE contact_notice (
  id            bigserial   PRIMARY KEY,
  subscriber_id text        NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
  reason        text        NOT NULL CHECK (reason IN ('quarantined', 'gone')),
  detail        text,
  requested_at  timestamptz NOT NULL,
  sent_at       timestamptz
);
CREATE INDEX contact_notice_unsent_idx ON contact_notice (id) WHERE sent_at IS NULL;
