package io.statuspage.bus.messages;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/**
 * The envelope of a domain event.
 *
 * <p>Payload: {@code {"id": uuid, "type": "component.status-changed", "occurred_at": "2024-09-16T21:31:02.719Z",
 * "data": {...}}}; {@code type} names the event and {@code data} is its record ({@link ComponentStatusChanged},
 * {@link ComponentChanged}). The id is unique across services, so a consumer dedupes on it.
 *
 * <p>Sender: a service's {@link io.statuspage.bus.Outbox}, after the commit that wrote the event: published on the
 * service's {@code EVENTS} topic and delivered to each durable consumer
 * ({@link io.statuspage.bus.Services.Notifier#INBOX}).
 *
 * <p>Consumers: gateways, on the topics (an event marks its sender's snapshot part out of date; they do not read
 * it), and notifier-service on its inbox ({@link io.statuspage.bus.EventConsumer}), which answers {@link Receipt}.
 */
public record Event(UUID id, String type, @JsonProperty("occurred_at") Instant occurredAt, JsonObject data) {

  /** @throws IllegalArgumentException naming what is missing; a missing {@code data} is empty */
  public Event {
    if (id == null) {
      throw new IllegalArgumentException("the event has no id");
    }
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("the event has no type");
    }
    if (occurredAt == null) {
      throw new IllegalArgumentException("the event has no occurred_at");
    }
    data = data == null ? new JsonObject() : data;
  }

  /** The data read into its record, such as {@link ComponentStatusChanged}. */
  public <T> T data(Class<T> type) {
    return data.mapTo(type);
  }
}
