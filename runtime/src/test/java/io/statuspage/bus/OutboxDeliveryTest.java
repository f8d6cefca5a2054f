package io.statuspage.bus;

import io.statuspage.bus.messages.Event;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Database;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acknowledged delivery to durable consumers on a real PostgreSQL: in order, marked only when acknowledged, retried
 * with backoff, each consumer on its own, never by two relays at once, and never past an event still committing.
 */
class OutboxDeliveryTest {

  private static final String TOPIC = "test.events";
  private static final String INBOX = "test.inbox";
  private static final String OTHER_INBOX = "test.other-inbox";
  private Vertx vertx;
  private PgConnectOptions db;
  private Pool pool;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    db = TestDatabase.fresh();
    pool = Database.open(vertx, Config.of(TestDatabase.config(db)), "kit", 6).await();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  @Test
  void eachEventIsDeliveredOnceInOrderAndThePositionMovesOnlyWithAcknowledgements() {
    Inbox inbox = Inbox.open(vertx, INBOX);
    Outbox outbox = outbox().deliverTo(INBOX);
    outbox.register().await();
    append(5);

    assertEquals(5, outbox.deliver(INBOX).await());
    assertEquals(List.of(0, 1, 2, 3, 4), inbox.seqs());
    Row position = position(INBOX);
    assertEquals(maxId(), position.getLong("delivered_id"));
    assertEquals(0, position.getInteger("attempts"));
    assertNotNull(position.getOffsetDateTime("delivered_at"));

    assertEquals(0, outbox.deliver(INBOX).await(), "nothing is sent twice");
    assertEquals(5, inbox.received.size());
    JsonObject first = inbox.received.get(0);
    assertEquals("thing.changed", first.getString("type"));
    first.mapTo(Event.class);
  }

  @Test
  void aRefusedEventStopsTheLineAndIsRetriedAfterABackoff() throws InterruptedException {
    Inbox inbox = Inbox.open(vertx, INBOX);
    inbox.refuseOnce(e -> e.getJsonObject("data").getInteger("seq") == 2);
    Outbox outbox = outbox().deliverTo(INBOX).retry(Duration.ofMillis(300), Duration.ofMillis(600));
    outbox.register().await();
    append(5);

    assertEquals(2, outbox.deliver(INBOX).await());
    Row position = position(INBOX);
    assertEquals(1, position.getInteger("attempts"));
    assertTrue(position.getString("last_error").contains("not now"), position.getString("last_error"));
    assertEquals(idOfSeq(1), position.getLong("delivered_id"), "the refused event is not marked");
    assertEquals(0, outbox.deliver(INBOX).await(), "not before the backoff has passed");
    assertEquals(3, inbox.received.size(), "0, 1 and the refused 2; nothing after it");

    Thread.sleep(400);
    assertEquals(3, outbox.deliver(INBOX).await());
    assertEquals(List.of(0, 1, 2, 2, 3, 4), inbox.seqs());
    assertEquals(List.of(0, 1, 2, 3, 4), inbox.acknowledgedSeqs());
    assertEquals(0, position(INBOX).getInteger("attempts"));
    assertNull(position(INBOX).getString("last_error"));
  }

  @Test
  void theBackoffDoublesUpToItsLimit() {
    Outbox outbox = outbox().retry(Duration.ofSeconds(1), Duration.ofMinutes(1));
    assertEquals(1.0, outbox.backoff(1));
    assertEquals(2.0, outbox.backoff(2));
    assertEquals(32.0, outbox.backoff(6));
    assertEquals(60.0, outbox.backoff(7));
    assertEquals(60.0, outbox.backoff(1000));
  }

  @Test
  void aConsumerThatWasDownGetsTheWholeBacklogWhenItIsBack() throws InterruptedException {
    Inbox topic = Inbox.open(vertx, TOPIC);
    Outbox outbox = outbox().deliverTo(INBOX).retry(Duration.ofMillis(100), Duration.ofMillis(200));
    outbox.start(Duration.ofMillis(100)).await();
    try {
      for (int i = 0; i < 20; i++) {
        appendOne(i);
        outbox.kick();
      }
      awaitUntil(() -> topic.received.size() == 20 && position(INBOX).getInteger("attempts") >= 2);
      assertTrue(position(INBOX).getString("last_error").contains("No handlers"));
      assertEquals(0L, position(INBOX).getLong("delivered_id"), "nothing marked while nobody acknowledges");

      Inbox inbox = Inbox.open(vertx, INBOX);
      awaitUntil(() -> inbox.received.size() >= 20);
      Thread.sleep(300);
      assertEquals(IntStream.range(0, 20).boxed().toList(), inbox.seqs(), "all of it, in order, once");
      assertEquals(maxId(), position(INBOX).getLong("delivered_id"));
    } finally {
      outbox.stop().await();
    }
  }

  @Test
  void aConsumerIsLoggedAsUnavailableOnlyFromItsSecondFailureInARow() throws InterruptedException {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(Outbox.class.getName());
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    java.util.logging.Handler capture = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        lines.add(record.getLevel() + " " + (record.getParameters() == null ? record.getMessage()
          : java.text.MessageFormat.format(record.getMessage(), record.getParameters())));
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    log.addHandler(capture);
    try {
      Outbox outbox = outbox().deliverTo(INBOX).retry(Duration.ofMillis(50), Duration.ofMillis(50));
      outbox.register().await();
      append(1);

      outbox.deliver(INBOX).await();
      assertEquals(List.of(), lines, "a consumer still starting up");
      Thread.sleep(60);
      outbox.deliver(INBOX).await();
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(lines.get(0).startsWith("WARNING Delivery of test.events to test.inbox unavailable: "), lines.get(0));

      Inbox.open(vertx, INBOX);
      Thread.sleep(60);
      assertEquals(1, outbox.deliver(INBOX).await());
      assertEquals(2, lines.size(), lines.toString());
      assertTrue(lines.get(1).startsWith("INFO Delivery of test.events to test.inbox available again"), lines.get(1));
    } finally {
      log.removeHandler(capture);
    }
  }

  @Test
  void twoRelaysNeverSendTheSameEventAndKeepTheOrder() {
    Inbox inbox = Inbox.open(vertx, INBOX);
    // Another instance of the service: its own pool, its own relay.
    Pool otherPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
      .connectingTo(new PgConnectOptions(db).addProperty("search_path", "kit")).using(vertx).build();
    Outbox a = outbox().deliverTo(INBOX);
    Outbox b = Outbox.create(vertx, otherPool, TOPIC).deliverTo(INBOX);
    a.register().await();
    b.register().await();
    append(300);

    int passes = 0;
    while (inbox.received.size() < 300 && passes++ < 50) {
      Future.all(a.deliver(INBOX), b.deliver(INBOX), a.deliver(INBOX), b.deliver(INBOX)).await();
    }
    assertEquals(IntStream.range(0, 300).boxed().toList(), inbox.seqs());
    assertEquals(maxId(), position(INBOX).getLong("delivered_id"));
  }

  @Test
  void anEventStillCommittingIsNotOvertakenByALaterOne() {
    Inbox inbox = Inbox.open(vertx, INBOX);
    Outbox outbox = outbox().deliverTo(INBOX);
    outbox.register().await();

    SqlConnection first = pool.getConnection().await();
    Transaction tx = first.begin().await();
    Outbox.append(first, "thing.changed", new JsonObject().put("seq", 0)).await();
    // Appended after the first, committed first if nothing held it back.
    Future<JsonObject> second = pool.withTransaction(client ->
      Outbox.append(client, "thing.changed", new JsonObject().put("seq", 1)));

    assertEquals(0, outbox.deliver(INBOX).await());
    assertFalse(second.isComplete(), "the second waits for the first to commit");
    tx.commit().await();
    first.close().await();
    second.await();

    assertEquals(2, outbox.deliver(INBOX).await());
    assertEquals(List.of(0, 1), inbox.seqs());
  }

  @Test
  void eachConsumerHasItsOwnPosition() throws InterruptedException {
    Inbox up = Inbox.open(vertx, INBOX);
    Outbox outbox = outbox().deliverTo(INBOX).deliverTo(OTHER_INBOX)
      .retry(Duration.ofMillis(100), Duration.ofMillis(100));
    outbox.register().await();
    append(3);

    assertEquals(3, outbox.deliver(INBOX).await());
    assertEquals(0, outbox.deliver(OTHER_INBOX).await());
    assertEquals(List.of(0, 1, 2), up.seqs());
    assertEquals(0L, position(OTHER_INBOX).getLong("delivered_id"));
    assertEquals(1, position(OTHER_INBOX).getInteger("attempts"));

    Inbox late = Inbox.open(vertx, OTHER_INBOX);
    Thread.sleep(150);
    assertEquals(3, outbox.deliver(OTHER_INBOX).await());
    assertEquals(List.of(0, 1, 2), late.seqs());
    assertEquals(3, up.received.size());
  }

  @Test
  void pruneKeepsWhatAnyConsumerHasNotAcknowledged() {
    Inbox.open(vertx, INBOX);
    Outbox outbox = outbox().deliverTo(INBOX).deliverTo(OTHER_INBOX);
    outbox.register().await();
    append(3);
    outbox.relay().await();
    assertEquals(3, outbox.deliver(INBOX).await());
    sql("UPDATE outbox SET published_at = now() - interval '8 days'");

    assertEquals(0, outbox.prune(Duration.ofDays(7)).await(), "the other consumer has acknowledged nothing");
    sql("UPDATE outbox_consumer SET delivered_id = $1 WHERE consumer = $2", idOfSeq(1), OTHER_INBOX);
    assertEquals(2, outbox.prune(Duration.ofDays(7)).await());
    assertEquals(1L, sql("SELECT count(*) FROM outbox").iterator().next().getLong(0));
  }

  private Outbox outbox() {
    return Outbox.create(vertx, pool, TOPIC);
  }

  private void append(int n) {
    pool.withTransaction(tx -> {
      Future<?> chain = Future.succeededFuture();
      for (int i = 0; i < n; i++) {
        int seq = i;
        chain = chain.compose(v -> Outbox.append(tx, "thing.changed", new JsonObject().put("seq", seq)));
      }
      return chain;
    }).await();
  }

  private void appendOne(int seq) {
    pool.withTransaction(tx -> Outbox.append(tx, "thing.changed", new JsonObject().put("seq", seq))).await();
  }

  private io.vertx.sqlclient.RowSet<Row> sql(String statement, Object... params) {
    return pool.preparedQuery(statement).execute(Tuple.from(params)).await();
  }

  private Row position(String consumer) {
    return sql("SELECT * FROM outbox_consumer WHERE consumer = $1", consumer).iterator().next();
  }

  private long maxId() {
    return sql("SELECT max(id) FROM outbox").iterator().next().getLong(0);
  }

  private long idOfSeq(int seq) {
    return sql("SELECT id FROM outbox WHERE (payload ->> 'seq')::int = $1", seq).iterator().next().getLong(0);
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertTrue(condition.getAsBoolean(), "in time");
  }

  /** A durable consumer that acknowledges (or refuses, once, what it is told to) and remembers what it was sent. */
  static final class Inbox {
    final List<JsonObject> received = Collections.synchronizedList(new ArrayList<>());
    final List<JsonObject> acknowledged = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private volatile Predicate<JsonObject> refuse = e -> false;

    static Inbox open(Vertx vertx, String address) {
      Inbox inbox = new Inbox();
      MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, inbox::take);
      consumer.completion().await();
      return inbox;
    }

    void refuseOnce(Predicate<JsonObject> which) {
      refuse = which;
    }

    private void take(Message<JsonObject> message) {
      JsonObject event = message.body();
      received.add(event);
      if (refuse.test(event) && refused.add(event.getString("id"))) {
        message.fail(503, "not now");
        return;
      }
      acknowledged.add(event);
      message.reply(new JsonObject().put("id", event.getString("id")));
    }

    List<Integer> seqs() {
      return seqs(received);
    }

    List<Integer> acknowledgedSeqs() {
      return seqs(acknowledged);
    }

    private static List<Integer> seqs(List<JsonObject> events) {
      synchronized (events) {
        return events.stream().map(e -> e.getJsonObject("data").getInteger("seq")).toList();
      }
    }
  }
}
