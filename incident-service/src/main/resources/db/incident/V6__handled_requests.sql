-- Keyed creates (io.statuspage.write.HandledRequests): the request id a gateway sends with a write the client keyed,
-- and the reply, written in the transaction of the change. A retry of the same write, on this or another instance,
-- gets that reply instead of a second incident. json, not jsonb: the reply comes back member for member as sent.
-- Rows older than 24 h are ignored and pruned hourly.
CREATE TABLE handled_request (
  request_id text        PRIMARY KEY,
  reply      json,
  handled_at timestamptz NOT NULL
);

CREATE INDEX handled_request_handled_at_idx ON handled_request (handled_at);
