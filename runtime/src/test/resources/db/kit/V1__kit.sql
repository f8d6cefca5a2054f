-- Schema "kit": a small service for the kit's own tests (and a producer for other modules' tests), with the same
-- outbox tables as the services' schemas.
CREATE TABLE outbox (
  id           bigserial PRIMARY KEY,
  event_id     uuid NOT NULL UNIQUE,
  type         text NOT NULL,
  payload      jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

CREATE TABLE outbox_consumer (
  consumer        text PRIMARY KEY,
  delivered_id    bigint NOT NULL DEFAULT 0,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  delivered_at    timestamptz
);

CREATE TABLE received_event (
  event_id    uuid PRIMARY KEY,
  type        text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- An aggregate for the writer's tests, and the effect of the consumer's.
CREATE TABLE thing (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE effect (
  event_id uuid NOT NULL,
  seq      integer
);
