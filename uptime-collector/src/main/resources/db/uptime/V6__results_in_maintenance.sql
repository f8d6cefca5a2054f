-- A result taken while its component was under maintenance: kept and shown, but counted neither up nor down in the
-- day's figure, and not counted by the component's status rule (planned work is not an outage).
ALTER TABLE check_result ADD COLUMN in_maintenance boolean NOT NULL DEFAULT false;
