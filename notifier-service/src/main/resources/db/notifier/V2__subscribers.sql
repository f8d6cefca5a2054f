-- Subscribers of a page (or of one incident): email addresses and webhooks. The delivery part adds a delivery
-- table referencing subscriber(id); a webhook's secret is kept to sign its deliveries.
CREATE TABLE subscriber (
  id              text        PRIMARY KEY,
  page_id         text        NOT NULL,
  mode            text        NOT NULL CHECK (mode IN ('email', 'webhook')),
  email           text        NOT NULL,
  -- What makes two subscriptions the same: the email lower-cased (email), the endpoint (webhook).
  address         text        NOT NULL,
  endpoint        text,
  format          text        CHECK (format IN ('statuspage', 'slack', 'teams')),
  secret          text,
  -- Empty: every component of the page.
  component_ids   text[]      NOT NULL DEFAULT '{}',
  incident_id     text,
  state           text        NOT NULL CHECK (state IN ('unconfirmed', 'active', 'quarantined', 'unsubscribed')),
  skip_confirmation_notification boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  confirmed_at    timestamptz,
  quarantined_at  timestamptz,
  purge_at        timestamptz,
  unsubscribed_at timestamptz,
  CHECK ((mode = 'webhook') = (endpoint IS NOT NULL AND secret IS NOT NULL AND format IS NOT NULL)),
  CHECK (incident_id IS NULL OR mode = 'email')
);

-- One live subscription per address; an unsubscribed one may subscribe again (a new subscriber, new tokens).
CREATE UNIQUE INDEX subscriber_address_idx ON subscriber (page_id, mode, address, coalesce(incident_id, ''))
  WHERE state <> 'unsubscribed';
CREATE INDEX subscriber_page_idx ON subscriber (page_id, created_at, id);
CREATE INDEX subscriber_purge_idx ON subscriber (purge_at) WHERE state = 'quarantined';

-- Confirmation mails to send, written with the change that asks for one; the delivery part claims unsent rows
-- (FOR UPDATE SKIP LOCKED), mints the confirm token when it sends, and stamps sent_at.
CREATE TABLE confirmation_request (
  id            bigserial   PRIMARY KEY,
  subscriber_id text        NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
  requested_at  timestamptz NOT NULL,
  sent_at       timestamptz
);
CREATE INDEX confirmation_request_unsent_idx ON confirmation_request (id) WHERE sent_at IS NULL;

-- The key that signs confirm, manage and unsubscribe tokens when notifier.token.key is not configured: made by
-- the first instance to start, so every instance signs and checks with the same one.
CREATE TABLE token_key (
  id         smallint    PRIMARY KEY CHECK (id = 1),
  key        bytea       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE outbox (
  id           bigserial   PRIMARY KEY,
  event_id     uuid        NOT NULL UNIQUE,
  type         text        NOT NULL,
  payload      jsonb       NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;

CREATE TABLE outbox_consumer (
  consumer        text        PRIMARY KEY,
  delivered_id    bigint      NOT NULL DEFAULT 0,
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  delivered_at    timestamptz
);

-- Keyed writes (io.statuspage.write.HandledRequests): a retried create gets the first reply, not a second subscriber.
CREATE TABLE handled_request (
  request_id text        PRIMARY KEY,
  reply      json,
  handled_at timestamptz NOT NULL
);
CREATE INDEX handled_request_handled_at_idx ON handled_request (handled_at);
