package io.statuspage.write;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a change made of a draft answers and announces: the reply for the caller, and the events to append to the
 * outbox in the same transaction (only if the draft changed). {@code Outcome.of(view).emit("thing.changed", data)}.
 *
 * @param <T> the reply
 */
public final class Outcome<T> {

  private final T reply;
  private final List<Emitted> events = new ArrayList<>();

  private Outcome(T reply) {
    this.reply = reply;
  }

  public static <T> Outcome<T> of(T reply) {
    return new Outcome<>(reply);
  }

  /** Adds an event, appended after those emitted before it. */
  public Outcome<T> emit(String type, JsonObject data) {
    events.add(new Emitted(type, data));
    return this;
  }

  public T reply() {
    return reply;
  }

  public List<Emitted> events() {
    return Collections.unmodifiableList(events);
  }

  /** An event as a change emits it; the outbox gives it its id and time. */
  public record Emitted(String type, JsonObject data) {
  }
}
