-- Pingdom as a metrics provider (Statuspage's shapes), the daily figures and raw results that feed the graphs,
-- and the service kit's tables: outbox, handled requests (keyed writes), scheduled work (polling).

-- A page's metrics providers. api_token is write-only (never in a reply or a log); null means the configured
-- pingdom.token. last_error/failing_since say why polling with it fails (a refused token, say).
CREATE TABLE metrics_provider (
  id            text        PRIMARY KEY,
  page_id       text        NOT NULL,
  type          text        NOT NULL CHECK (type IN ('Pingdom')),
  api_token     text,
  disabled      boolean     NOT NULL DEFAULT false,
  last_error    text,
  failing_since timestamptz,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);
CREATE INDEX metrics_provider_page_idx ON metrics_provider (page_id);

-- A provider's metric: one Pingdom check (metric_identifier) feeding one component's graphs.
CREATE TABLE metric (
  id                  text        PRIMARY KEY,
  page_id             text        NOT NULL,
  metrics_provider_id text        NOT NULL REFERENCES metrics_provider (id) ON DELETE CASCADE,
  name                text        NOT NULL,
  metric_identifier   text        NOT NULL,
  component_id        text        NOT NULL,
  backfilled_at       timestamptz,
  last_fetched_at     timestamptz,
  last_error          text,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL
);
CREATE INDEX metric_page_idx ON metric (page_id);
CREATE INDEX metric_provider_idx ON metric (metrics_provider_id);

-- One figure per component, UTC day and source, whatever the source: Pingdom, our probes, or the component's
-- status history. uptime_percent = up / (up + down), unknown time excluded; null when nothing was monitored.
-- fetched_at says how old it is.
CREATE TABLE daily_figure (
  component_id    text         NOT NULL,
  day             date         NOT NULL,
  source          text         NOT NULL CHECK (source IN ('pingdom', 'probe', 'history')),
  up_seconds      bigint       NOT NULL,
  down_seconds    bigint       NOT NULL,
  unknown_seconds bigint       NOT NULL,
  uptime_percent  numeric(7,4),
  avg_response_ms integer,
  fetched_at      timestamptz  NOT NULL,
  PRIMARY KEY (component_id, day, source)
);

-- Raw results for the 24 h / 7 d / 30 d response charts; kept 30 days.
CREATE TABLE check_result (
  component_id text        NOT NULL,
  source       text        NOT NULL CHECK (source IN ('pingdom', 'probe')),
  at           timestamptz NOT NULL,
  probe        text        NOT NULL DEFAULT '',
  status       text        NOT NULL,
  response_ms  integer,
  PRIMARY KEY (component_id, source, at, probe)
);
CREATE INDEX check_result_at_idx ON check_result (at);

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

CREATE TABLE handled_request (
  request_id text        PRIMARY KEY,
  reply      json,
  handled_at timestamptz NOT NULL
);
CREATE INDEX handled_request_handled_at_idx ON handled_request (handled_at);

-- Polling (io.statuspage.schedule.Schedule): kind pingdom.poll, key the metric id.
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
