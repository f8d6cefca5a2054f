-- Schema "component": the page, its components and groups, their status history and the outbox.
-- Flyway creates the schema and runs this with it as search_path, so names stay unqualified.

CREATE TABLE page (
  id               text        PRIMARY KEY,
  name             text        NOT NULL,
  page_description text,
  url              text        NOT NULL,
  time_zone        text        NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);

-- Groups are rows with is_group = true, as Statuspage's v2 API shows them; a group's status is computed from its
-- members, so the stored value of a group row means nothing.
CREATE TABLE component (
  id                    text        PRIMARY KEY,
  page_id               text        NOT NULL REFERENCES page (id),
  name                  text        NOT NULL,
  description           text,
  status                text        NOT NULL CHECK (status IN ('operational', 'under_maintenance',
                                      'degraded_performance', 'partial_outage', 'major_outage')),
  position              integer     NOT NULL CHECK (position >= 1),
  group_id              text        REFERENCES component (id),
  is_group              boolean     NOT NULL DEFAULT false,
  showcase              boolean     NOT NULL DEFAULT false,
  only_show_if_degraded boolean     NOT NULL DEFAULT false,
  start_date            date,
  automation_email      text,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL,
  -- Groups do not nest.
  CHECK (NOT (is_group AND group_id IS NOT NULL))
);

CREATE INDEX component_page_idx ON component (page_id, position);
CREATE INDEX component_group_idx ON component (group_id) WHERE group_id IS NOT NULL;

-- No foreign key on purpose: history outlives deleted components, since uptime is computed from it.
CREATE TABLE component_status_change (
  id           bigserial   PRIMARY KEY,
  page_id      text        NOT NULL,
  component_id text        NOT NULL,
  old_status   text        CHECK (old_status IN ('operational', 'under_maintenance', 'degraded_performance',
                             'partial_outage', 'major_outage')),
  new_status   text        NOT NULL CHECK (new_status IN ('operational', 'under_maintenance',
                             'degraded_performance', 'partial_outage', 'major_outage')),
  changed_at   timestamptz NOT NULL,
  actor        text        NOT NULL
);

CREATE INDEX component_status_change_component_idx ON component_status_change (component_id, changed_at);

CREATE TABLE outbox (
  id           bigserial   PRIMARY KEY,
  event_id     uuid        NOT NULL UNIQUE,
  type         text        NOT NULL,
  payload      jsonb       NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);

CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
