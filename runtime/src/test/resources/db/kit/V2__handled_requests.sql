-- The replies of keyed writes, as io.statuspage.write.HandledRequests needs them.
CREATE TABLE handled_request (
  request_id text        PRIMARY KEY,
  reply      json,
  handled_at timestamptz NOT NULL
);
