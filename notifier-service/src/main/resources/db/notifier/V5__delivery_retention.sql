-- Finished deliveries (sent or stopped) are removed once older than delivery.retention, oldest first, with the
-- payloads no row needs any more and the record of events taken in that long ago.
CREATE INDEX delivery_finished_idx ON delivery (created_at) WHERE state <> 'pending';
CREATE INDEX received_event_received_idx ON received_event (received_at);
