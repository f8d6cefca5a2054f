-- Checks (Pingdom and our own probes); their daily figures come with the uptime issue.
CREATE TABLE "check" (
  id           text PRIMARY KEY,
  component_id text,
  kind         text NOT NULL CHECK (kind IN ('pingdom', 'http', 'tcp')),
  target       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
