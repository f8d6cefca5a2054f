-- Durable consumers of the outbox (io.statuspage.bus.Outbox#deliverTo): one row each, the position it has
-- acknowledged up to. Relays lock a consumer's row while they deliver to it, so it gets one event at a time, in
-- order; a refusal waits until next_attempt_at, doubling each time.
CREATE TABLE outbox_consumer (
  consumer        text        PRIMARY KEY,
  delivered_id    bigint      NOT NULL DEFAULT 0,
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  delivered_at    timestamptz
);
