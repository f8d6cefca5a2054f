-- Built-in probes, smoke-test results and the status rules they drive.

-- A probe of a component: HTTP(S) (url, method, expected status range, optional body text) or TCP connect
-- (host, port). It runs every interval_seconds from the durable schedule (kind probe.run, key the probe id).
CREATE TABLE probe (
  id                   text        PRIMARY KEY,
  page_id              text        NOT NULL,
  component_id         text        NOT NULL,
  name                 text        NOT NULL,
  type                 text        NOT NULL CHECK (type IN ('http', 'tcp')),
  url                  text,
  method               text        CHECK (method IN ('GET', 'HEAD')),
  expected_min         integer,
  expected_max         integer,
  body_contains        text,
  host                 text,
  port                 integer     CHECK (port BETWEEN 1 AND 65535),
  timeout_ms           integer     NOT NULL CHECK (timeout_ms BETWEEN 100 AND 30000),
  interval_seconds     integer     NOT NULL CHECK (interval_seconds BETWEEN 30 AND 86400),
  latency_threshold_ms integer,
  enabled              boolean     NOT NULL,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  CHECK (type <> 'http' OR (url IS NOT NULL AND method IS NOT NULL AND expected_min <= expected_max)),
  CHECK (type <> 'tcp' OR (host IS NOT NULL AND port IS NOT NULL))
);
CREATE INDEX probe_page_idx ON probe (page_id);

-- Probe and smoke-test results are check_result rows of source 'probe' (probe = the probe's id, or 'smoke'), so the
-- graphs read them as they read Pingdom's. passed/slow/message say what the rule needs; covers_seconds is how much
-- time a result stands for in the daily figure (the probe's interval; 60 for a smoke test). Null for Pingdom's.
ALTER TABLE check_result ADD COLUMN passed boolean;
ALTER TABLE check_result ADD COLUMN slow boolean NOT NULL DEFAULT false;
ALTER TABLE check_result ADD COLUMN message text;
ALTER TABLE check_result ADD COLUMN covers_seconds integer;
CREATE INDEX check_result_probe_idx ON check_result (probe, at) WHERE source = 'probe';

-- How results set a component's status, with hysteresis, and where its counters stand. last_requested is the
-- status it last asked component-service for; last_outcome what came of it (changed, unchanged, held, failed).
CREATE TABLE status_rule (
  component_id          text        PRIMARY KEY,
  page_id               text        NOT NULL,
  failures_to_outage    integer     NOT NULL CHECK (failures_to_outage BETWEEN 1 AND 100),
  outage_status         text        NOT NULL CHECK (outage_status IN ('major_outage', 'partial_outage',
                                      'degraded_performance')),
  passes_to_operational integer     NOT NULL CHECK (passes_to_operational BETWEEN 1 AND 100),
  latency_threshold_ms  integer,
  consecutive_failures  integer     NOT NULL DEFAULT 0,
  consecutive_slow      integer     NOT NULL DEFAULT 0,
  consecutive_passes    integer     NOT NULL DEFAULT 0,
  last_requested        text,
  last_outcome          text,
  last_reason           text,
  -- open_incident: automation opens an incident when it sets an outage and resolves it when it sets operational;
  -- incident_id is the one it opened and has not resolved yet.
  open_incident         boolean     NOT NULL DEFAULT false,
  incident_id           text,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL
);
CREATE INDEX status_rule_page_idx ON status_rule (page_id);
