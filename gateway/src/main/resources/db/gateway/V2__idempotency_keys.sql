-- Idempotency keys of management writes (io.statuspage.gateway.api.IdempotentWrites), per caller. The first request
-- with a key claims it, 'in_progress', with INSERT ... ON CONFLICT: one request wins across all gateways. Its final
-- answer (2xx or 4xx) is then kept, 'done', and sent again to the same request with the same key; a 5xx is not an
-- answer, so its claim is deleted and the client may retry. A claim left 'in_progress' past its lease (its gateway
-- died) may be taken over by the same request. Rows older than 24 h are ignored, taken over and pruned.
CREATE TABLE idempotency_key (
  caller       text        NOT NULL,
  key          text        NOT NULL,
  -- SHA-256 of the method, the operation, the path and query parameters and the canonical JSON body.
  request_hash text        NOT NULL,
  state        text        NOT NULL CHECK (state IN ('in_progress', 'done')),
  -- The attempt that holds the row: only it stores its answer or releases the row.
  claim        uuid        NOT NULL,
  status       integer,
  -- Only the headers that matter for a replay: Content-Type, Location.
  headers      jsonb,
  body         bytea,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (caller, key),
  CHECK (state = 'in_progress' OR status IS NOT NULL)
);

CREATE INDEX idempotency_key_created_at_idx ON idempotency_key (created_at);
