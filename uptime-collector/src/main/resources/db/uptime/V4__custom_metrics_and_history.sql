-- Custom metrics (Statuspage's "Self" provider: data posted through the API, no check to poll), their points, and
-- the status-history source of daily figures (daily_figure.source 'history' exists since V2).

ALTER TABLE metrics_provider DROP CONSTRAINT metrics_provider_type_check;
ALTER TABLE metrics_provider ADD CONSTRAINT metrics_provider_type_check CHECK (type IN ('Pingdom', 'Self'));

-- A custom metric needs neither a check id nor a component (it may be shown on its own).
ALTER TABLE metric ALTER COLUMN metric_identifier DROP NOT NULL;
ALTER TABLE metric ALTER COLUMN component_id DROP NOT NULL;

-- A custom metric's points, at times snapped to 30 s (a later point at the same time replaces the value); kept 30
-- days, the longest chart.
CREATE TABLE metric_point (
  metric_id text             NOT NULL REFERENCES metric (id) ON DELETE CASCADE,
  at        timestamptz      NOT NULL,
  value     double precision NOT NULL,
  PRIMARY KEY (metric_id, at)
);
CREATE INDEX metric_point_at_idx ON metric_point (at);

-- The snapshot reads the last 92 days of every component.
CREATE INDEX daily_figure_day_idx ON daily_figure (day);
