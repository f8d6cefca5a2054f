-- Status set by automation (the uptime collector's status rules) beside status set by people.
-- automation_hold: a person set the component's status; automation leaves it alone until a person sets it back to
-- operational or clears the hold.
ALTER TABLE component ADD COLUMN automation_hold boolean NOT NULL DEFAULT false;

-- Why automation made a change ("3 consecutive failures: HTTP 500"); null for a person's.
ALTER TABLE component_status_change ADD COLUMN reason text;

-- Automatic requests that found the component held: nothing changed, but what automation wanted and why is kept.
-- One row per component and requested status while the component is unchanged (repeats are not written again).
CREATE TABLE automatic_status_skip (
  id               bigserial   PRIMARY KEY,
  page_id          text        NOT NULL,
  component_id     text        NOT NULL,
  held_status      text        NOT NULL,
  requested_status text        NOT NULL,
  reason           text        NOT NULL,
  source           text        NOT NULL,
  requested_at     timestamptz NOT NULL
);
CREATE INDEX automatic_status_skip_component_idx ON automatic_status_skip (component_id, requested_at);
