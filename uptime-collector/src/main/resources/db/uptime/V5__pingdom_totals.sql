-- Pingdom's own totals (summary.average) over the page's last 90 days, as of the metric's last poll: the
-- component's overall uptime as Pingdom reports it, shown beside its bars. Null until the first poll after this;
-- fetched again hourly (total_fetched_at), not with every poll.
ALTER TABLE metric
  ADD COLUMN total_fetched_at      timestamptz,
  ADD COLUMN total_from            timestamptz,
  ADD COLUMN total_uptime_percent  numeric(7,4),
  ADD COLUMN total_avg_response_ms integer;
