-- Component status changes an incident asked component-service for (io.statuspage.incident.ComponentChanges): the
-- intent is committed before the request is sent, so a change whose incident never committed can always be found
-- and reverted. op_id is the request id component-service dedupes on; "<op_id>:revert" is the compensation's.
-- pending: sent, the incident not committed yet (or the outcome unknown); applied: settled in the incident's
-- transaction; reverted: compensated, nothing of it is left.
CREATE TABLE component_change (
  op_id      text        PRIMARY KEY,
  page_id    text        NOT NULL,
  statuses   jsonb       NOT NULL,
  expect     jsonb,
  actor      text,
  state      text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'reverted')),
  created_at timestamptz NOT NULL,
  settled_at timestamptz
);
-- The recovery pass looks for old pending intents; settled ones are pruned by age.
CREATE INDEX component_change_pending_idx ON component_change (created_at) WHERE state = 'pending';
CREATE INDEX component_change_settled_idx ON component_change (settled_at) WHERE state <> 'pending';
