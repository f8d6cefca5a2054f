package io.statuspage.bus.messages;

import java.util.UUID;

/**
 * Reply to an {@link Event} delivered to a durable consumer ({@link io.statuspage.bus.Services.Notifier#INBOX}): it is
 * recorded, so the sender may move past it.
 *
 * <p>Payload: {@code {"id": uuid, "duplicate": false}}, {@code duplicate} true when the id was recorded before and the
 * effect not run again.
 *
 * <p>Sender: {@link io.statuspage.bus.EventConsumer}, after its transaction committed. Consumers: the producing
 * service's {@link io.statuspage.bus.Outbox}, for which the reply arriving is the acknowledgement.
 */
public record Receipt(UUID id, boolean duplicate) {
}
