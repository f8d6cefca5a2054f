package io.statuspage.bus;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/**
 * A domain event as it travels on the bus, published on a service's topic and delivered to durable consumers alike:
 * {@code {"id": uuid, "type": "component.status-changed", "occurred_at": "2024-09-16T21:31:02.719Z", "data": {...}}}.
 * The id is unique across services, so a consumer dedupes on it.
 */
public record Event(UUID id, String type, Instant occurredAt, JsonObject data) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("type", type)
      .put("occurred_at", occurredAt.toString()).put("data", data);
  }

  /** Reads an envelope; an {@link IllegalArgumentException} names what is missing or malformed. */
  public static Event fromJson(JsonObject json) {
    if (json == null) {
      throw new IllegalArgumentException("no event");
    }
    try {
      String type = json.getString("type");
      if (type == null || type.isBlank()) {
        throw new IllegalArgumentException("the event has no type");
      }
      JsonObject data = json.getJsonObject("data");
      return new Event(UUID.fromString(json.getString("id")), type, Instant.parse(json.getString("occurred_at")),
        data == null ? new JsonObject() : data);
    } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("not an event envelope: " + e.getMessage(), e);
    }
  }
}
