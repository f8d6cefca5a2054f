package io.statuspage.bus;

import io.statuspage.bus.messages.Event;
import io.statuspage.bus.messages.Receipt;
import io.statuspage.runtime.Outage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving end of an outbox's durable delivery ({@link Outbox#deliverTo}): takes each event at most once in
 * effect, however often it is sent. In one transaction it records the event id in the consumer's own table and runs
 * the effect; an id already recorded is a duplicate, acknowledged without running the effect again. The reply, which
 * is the acknowledgement, goes only after commit; a failed effect rolls the record back and the reply is a failure,
 * so the outbox sends the event again later.
 *
 * <p>The consuming service's schema has the table
 * {@code received_event(event_id uuid primary key, type text, received_at timestamptz default now())}.
 *
 * <p>Use: {@code EventConsumer.create(vertx, pool, Services.Notifier.INBOX, (tx, event) -> ...).start()}, the effect
 * writing with {@code tx}; {@link io.statuspage.runtime.ServiceVerticle#consume} does it for a service.
 */
public final class EventConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);

  /** What taking an event does, written with {@code tx}: the transaction that records the event. */
  @FunctionalInterface
  public interface Effect {
    Future<?> apply(SqlClient tx, Event event);
  }

  /**
   * What must be known before the transaction opens (another service's answer, say: waiting for it inside would hold a
   * connection and the event's row for as long), and the effect made with it. Run again for a duplicate.
   */
  @FunctionalInterface
  public interface Preparation {
    Future<Effect> prepare(Event event);
  }

  private final Vertx vertx;
  private final Pool pool;
  private final String address;
  private final Preparation preparation;
  private final Outage database;
  private MessageConsumer<JsonObject> consumer;

  private EventConsumer(Vertx vertx, Pool pool, String address, Preparation preparation) {
    this.vertx = vertx;
    this.pool = pool;
    this.address = address;
    this.preparation = preparation;
    this.database = Outage.of("Database (" + address + ")", LOG);
  }

  public static EventConsumer create(Vertx vertx, Pool pool, String address, Effect effect) {
    Future<Effect> ready = Future.succeededFuture(effect);
    return new EventConsumer(vertx, pool, address, event -> ready);
  }

  /** A consumer whose effect needs {@code preparation} first, outside the transaction. */
  public static EventConsumer prepared(Vertx vertx, Pool pool, String address, Preparation preparation) {
    return new EventConsumer(vertx, pool, address, preparation);
  }

  /** Registers on the bus; completes once the registration has reached the cluster. */
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(address, this::receive);
    return consumer.completion();
  }

  /** Unregisters: events wait in the producers' outboxes until this or another instance is back. */
  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** Takes one event: records it and runs the effect in one transaction, or finds it recorded already. */
  public Future<Boolean> take(Event event) {
    return preparation.prepare(event).compose(effect -> pool.withTransaction(tx -> tx
      // A duplicate sent while the first is still being taken waits here for its commit, then does nothing.
      .preparedQuery("INSERT INTO received_event (event_id, type) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING")
      .execute(Tuple.of(event.id(), event.type()))
      .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(true)
        : effect.apply(tx, event).map(done -> false))));
  }

  private void receive(Message<JsonObject> message) {
    Event event;
    try {
      event = message.body() == null ? null : message.body().mapTo(Event.class);
    } catch (IllegalArgumentException e) {
      // Sent again, it would fail again: the sender has a bug, which its log shows.
      message.fail(400, "not an event envelope: " + e.getMessage());
      return;
    }
    if (event == null) {
      message.fail(400, "no event");
      return;
    }
    Future<Boolean> taken;
    try {
      taken = take(event);
    } catch (RuntimeException e) {
      taken = Future.failedFuture(e);
    }
    taken.onSuccess(duplicate -> {
      database.succeeded();
      message.reply(JsonObject.mapFrom(new Receipt(event.id(), duplicate)));
    }).onFailure(failure -> {
      if (failure instanceof ServiceError refused) {
        message.fail(refused.status(), refused.getMessage());
      } else if (Endpoint.isDatabaseDown(failure)) {
        database.failed(failure);
        message.fail(503, "The database is not available: " + Outage.reason(failure));
      } else {
        LOG.error("Event {} ({}) on {} failed; it will be sent again", event.id(), event.type(), address, failure);
        message.fail(500, Outage.reason(failure));
      }
    });
  }
}
