-- Incidents and scheduled maintenances (a maintenance is an incident with scheduled_for), their updates, and the
-- templates they can be made from. Times are UTC; the page's zone is applied when they are shown. The components
-- an incident affects are kept as component-service last answered them (the contract's PublicComponent), so the
-- incident shows them without asking it.
CREATE TABLE incident (
  id                                   text        PRIMARY KEY,
  page_id                              text        NOT NULL,
  name                                 text        NOT NULL,
  status                               text        NOT NULL,
  impact_override                      text,
  shortlink                            text        NOT NULL,
  components                           json        NOT NULL DEFAULT '[]',
  created_at                           timestamptz NOT NULL,
  updated_at                           timestamptz NOT NULL,
  started_at                           timestamptz NOT NULL,
  monitoring_at                        timestamptz,
  resolved_at                          timestamptz,
  scheduled_for                        timestamptz,
  scheduled_until                      timestamptz,
  scheduled_remind_prior               boolean     NOT NULL DEFAULT false,
  scheduled_reminded_at                timestamptz,
  scheduled_auto_in_progress           boolean     NOT NULL DEFAULT false,
  scheduled_auto_completed             boolean     NOT NULL DEFAULT false,
  auto_transition_to_maintenance_state boolean     NOT NULL DEFAULT false,
  auto_transition_to_operational_state boolean     NOT NULL DEFAULT false,
  backfilled                           boolean     NOT NULL DEFAULT false,
  postmortem_body                      text,
  postmortem_body_last_updated_at      timestamptz,
  postmortem_published_at              timestamptz,
  postmortem_notified_subscribers      boolean     NOT NULL DEFAULT false,
  CHECK (scheduled_until IS NULL OR scheduled_for IS NOT NULL AND scheduled_until > scheduled_for)
);
CREATE INDEX incident_page_created_idx ON incident (page_id, created_at DESC, id DESC);

-- One row per update; author is the caller (an API key or "system" for automatic moves), for the team only.
CREATE TABLE incident_update (
  id                    text        PRIMARY KEY,
  incident_id           text        NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
  status                text        NOT NULL,
  body                  text        NOT NULL,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL,
  display_at            timestamptz NOT NULL,
  affected_components   json,
  deliver_notifications boolean     NOT NULL,
  author                text        NOT NULL
);
CREATE INDEX incident_update_incident_idx ON incident_update (incident_id, created_at DESC);

CREATE TABLE incident_template (
  id                        text        PRIMARY KEY,
  page_id                   text        NOT NULL,
  name                      text        NOT NULL,
  title                     text        NOT NULL,
  body                      text        NOT NULL,
  update_status             text,
  should_send_notifications boolean     NOT NULL,
  component_ids             json        NOT NULL DEFAULT '[]',
  components                json        NOT NULL DEFAULT '{}',
  created_at                timestamptz NOT NULL,
  updated_at                timestamptz NOT NULL
);
CREATE INDEX incident_template_page_idx ON incident_template (page_id, created_at, id);
