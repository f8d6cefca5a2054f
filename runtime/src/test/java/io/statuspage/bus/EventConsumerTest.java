package io.statuspage.bus;

import io.statuspage.bus.messages.Event;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Database;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The idempotent consumer on a real PostgreSQL: one effect per event id, acknowledged only after commit. */
class EventConsumerTest {

  private static final String INBOX = "test.inbox";
  private Vertx vertx;
  private Pool pool;
  private final AtomicInteger failuresLeft = new AtomicInteger();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    pool = Database.open(vertx, Config.of(TestDatabase.config(TestDatabase.fresh())), "kit", 6).await();
    EventConsumer.create(vertx, pool, INBOX, this::effect).start().await();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  /** Writes a row, then fails while failures are asked for: what it wrote must not survive. */
  private Future<?> effect(SqlClient tx, Event event) {
    return tx.preparedQuery("INSERT INTO effect (event_id, seq) VALUES ($1, $2)")
      .execute(Tuple.of(event.id(), event.data().getInteger("seq")))
      // Widens the window in which a duplicate can arrive while the first is being taken.
      .compose(inserted -> tx.query("SELECT pg_sleep(0.05)").execute())
      .compose(slept -> failuresLeft.getAndDecrement() > 0
        ? Future.failedFuture(new IllegalStateException("effect failed")) : Future.succeededFuture());
  }

  @Test
  void aDuplicateDeliveryHasOneEffect() {
    JsonObject event = event(1);

    assertEquals(false, send(event).getBoolean("duplicate"));
    assertEquals(true, send(event).getBoolean("duplicate"));
    assertEquals(true, send(event).getBoolean("duplicate"));

    assertEquals(1, count("SELECT count(*) FROM effect"));
    assertEquals(1, count("SELECT count(*) FROM received_event"));
    assertEquals("thing.changed", pool.query("SELECT type FROM received_event").execute().await().iterator().next()
      .getString(0));
  }

  @Test
  void duplicatesArrivingTogetherHaveOneEffect() {
    JsonObject event = event(1);
    List<Future<Message<JsonObject>>> sends = IntStream.range(0, 6)
      .mapToObj(i -> vertx.eventBus().<JsonObject>request(INBOX, event)).toList();
    Future.all(sends).await();

    assertEquals(1, sends.stream().filter(f -> !f.result().body().getBoolean("duplicate")).count());
    assertEquals(1, count("SELECT count(*) FROM effect"));
  }

  @Test
  void aFailedEffectRollsBackAndIsNotAcknowledgedSoItIsDeliveredAgain() throws InterruptedException {
    Outbox outbox = Outbox.create(vertx, pool, "test.events").deliverTo(INBOX)
      .retry(Duration.ofMillis(100), Duration.ofMillis(100));
    outbox.register().await();
    pool.withTransaction(tx -> Outbox.append(tx, "thing.changed", new JsonObject().put("seq", 7))).await();
    failuresLeft.set(1);

    assertEquals(0, outbox.deliver(INBOX).await(), "not acknowledged");
    assertEquals(0, count("SELECT count(*) FROM effect"), "the effect's write is rolled back");
    assertEquals(0, count("SELECT count(*) FROM received_event"), "and so is the record of the event");
    assertEquals(0, count("SELECT delivered_id FROM outbox_consumer"));

    Thread.sleep(150);
    assertEquals(1, outbox.deliver(INBOX).await());
    assertEquals(1, count("SELECT count(*) FROM effect WHERE seq = 7"));
    assertEquals(1, count("SELECT count(*) FROM received_event"));
    assertEquals(count("SELECT max(id) FROM outbox"), count("SELECT delivered_id FROM outbox_consumer"));
  }

  @Test
  void somethingThatIsNotAnEventIsRefusedAndNothingIsRecorded() {
    ReplyException refused = assertThrows(ReplyException.class,
      () -> send(new JsonObject().put("id", "not-a-uuid").put("type", "x")));
    assertEquals(400, refused.failureCode());
    assertEquals(0, count("SELECT count(*) FROM received_event"));
  }

  private JsonObject send(JsonObject event) {
    return vertx.eventBus().<JsonObject>request(INBOX, event).await().body();
  }

  private static JsonObject event(int seq) {
    return JsonObject.mapFrom(new Event(UUID.randomUUID(), "thing.changed", Instant.parse("2024-09-16T21:31:02.719Z"),
      new JsonObject().put("seq", seq)));
  }

  private long count(String query) {
    return pool.query(query).execute().await().iterator().next().getLong(0);
  }
}
