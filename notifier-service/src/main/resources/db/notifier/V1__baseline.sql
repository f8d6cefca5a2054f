-- Events already taken in, by id: the relay delivers at least once, so the notifier dedupes on arrival.
CREATE TABLE received_event (
  event_id    uuid PRIMARY KEY,
  type        text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
