-- Mails go out as delivery rows with channel 'email', claimed and marked as webhooks are. A confirmation request or
-- a contact notice becomes its delivery row in the transaction that writes it; delivery_id names that row, and
-- sent_at is stamped when the mail is accepted by the SMTP server.
ALTER TABLE confirmation_request ADD COLUMN delivery_id text;
ALTER TABLE contact_notice ADD COLUMN delivery_id text;
CREATE INDEX confirmation_request_delivery_idx ON confirmation_request (delivery_id);
CREATE INDEX contact_notice_delivery_idx ON contact_notice (delivery_id);

-- Requests written before this version: queued now, so none is lost in the upgrade.
UPDATE confirmation_request SET delivery_id = 'cnf_' || id WHERE sent_at IS NULL;
INSERT INTO delivery (id, event_id, subscriber_id, channel, event_type, payload, created_at, next_attempt_at)
  SELECT delivery_id, gen_random_uuid(), subscriber_id, 'email', 'subscriber.confirmation', '{}', requested_at,
         requested_at
  FROM confirmation_request WHERE sent_at IS NULL;
UPDATE contact_notice SET delivery_id = 'ctc_' || id WHERE sent_at IS NULL;
INSERT INTO delivery (id, event_id, subscriber_id, channel, event_type, payload, created_at, next_attempt_at)
  SELECT delivery_id, gen_random_uuid(), subscriber_id, 'email', 'subscriber.contact-notice',
         json_build_object('reason', reason, 'detail', detail)::text, requested_at, requested_at
  FROM contact_notice WHERE sent_at IS NULL;

-- What one event says to every subscriber of a kind (a webhook format, or 'email'), stored once rather than on each
-- of its rows: a row with payload_kind takes its body from here (a webhook's own unsubscribe token is put in at send
-- time; it is derived from the subscriber alone, so every attempt still sends the same bytes). Keeps the fan-out
-- transaction of a large page small.
CREATE TABLE event_payload (
  event_id uuid NOT NULL,
  kind     text NOT NULL,
  body     text NOT NULL,
  PRIMARY KEY (event_id, kind)
);
ALTER TABLE delivery ALTER COLUMN payload DROP NOT NULL;
ALTER TABLE delivery ADD COLUMN payload_kind text;
ALTER TABLE delivery ADD CONSTRAINT delivery_payload_check CHECK ((payload IS NULL) <> (payload_kind IS NULL));

-- Claims take the due rows in (next_attempt_at, id) order: with id in the index a claim reads only the rows it
-- takes, not every due row to sort them.
CREATE INDEX delivery_claim_idx ON delivery (channel, next_attempt_at, id) WHERE state = 'pending';
DROP INDEX delivery_due_idx;
