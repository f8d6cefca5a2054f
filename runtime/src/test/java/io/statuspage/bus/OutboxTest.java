package io.statuspage.bus;

import io.statuspage.runtime.Database;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox on a real PostgreSQL: nothing from a rolled-back change, nothing lost across a crash, no doubles. */
class OutboxTest {

  private static final String TOPIC = "test.events";
  private Vertx vertx;
  private Pool pool;
  private final List<JsonObject> received = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    PgConnectOptions db = TestDatabase.fresh();
    pool = Database.pool(vertx, db, "public", 4);
    pool.query("""
      CREATE TABLE outbox (id bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, type text NOT NULL,
        payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz)""")
      .execute().await();
    vertx.eventBus().<JsonObject>consumer(TOPIC, m -> received.add(m.body())).completion().await();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private void append(int n, boolean commit) {
    pool.withTransaction(tx -> {
      Future<?> chain = Future.succeededFuture();
      for (int i = 0; i < n; i++) {
        int seq = i;
        chain = chain.compose(v -> Outbox.append(tx, "thing.changed", new JsonObject().put("seq", seq)));
      }
      return commit ? chain : chain.compose(v -> Future.failedFuture("roll back"));
    }).otherwiseEmpty().await();
  }

  private void awaitReceived(int n) throws InterruptedException {
    for (int i = 0; i < 100 && received.size() < n; i++) {
      Thread.sleep(50);
    }
  }

  @Test
  void eventsOfARolledBackChangeAreNeverPublished() throws InterruptedException {
    append(3, false);
    Outbox.create(vertx, pool, TOPIC).relay().await();
    Thread.sleep(200);
    assertEquals(0, received.size());
  }

  @Test
  void eventsCommittedBeforeACrashArePublishedInOrderWhenTheRelayStarts() throws InterruptedException {
    append(5, true);   // committed, never relayed: the process "died" here
    Outbox outbox = Outbox.create(vertx, pool, TOPIC);
    outbox.start(Duration.ofMinutes(10)).await();
    awaitReceived(5);
    outbox.stop().await();
    assertEquals(List.of(0, 1, 2, 3, 4), received.stream().map(e -> e.getJsonObject("data").getInteger("seq")).toList());
    JsonObject first = received.get(0);
    assertEquals("thing.changed", first.getString("type"));
    assertTrue(first.getString("id").matches("[0-9a-f-]{36}"));
    assertEquals(0L, pool.query("SELECT count(*) FROM outbox WHERE published_at IS NULL").execute().await()
      .iterator().next().getLong(0));
  }

  @Test
  void twoRelaysTogetherPublishEachEventOnce() throws InterruptedException {
    append(500, true);
    Outbox a = Outbox.create(vertx, pool, TOPIC);
    Outbox b = Outbox.create(vertx, pool, TOPIC);
    Future.all(List.of(a.relay(), b.relay(), a.relay(), b.relay(), a.relay(), b.relay())).await();
    awaitReceived(500);
    Thread.sleep(200);
    assertEquals(500, received.size());
    assertEquals(500, new HashSet<>(received.stream().map(e -> e.getString("id")).toList()).size());
  }

  @Test
  void pruneKeepsWhatIsNotYetPublished() {
    append(3, true);
    Outbox outbox = Outbox.create(vertx, pool, TOPIC);
    outbox.relay().await();
    append(2, true);
    pool.query("UPDATE outbox SET published_at = now() - interval '8 days' WHERE published_at IS NOT NULL")
      .execute().await();
    assertEquals(3, outbox.prune(Duration.ofDays(7)).await());
    assertEquals(2L, pool.query("SELECT count(*) FROM outbox").execute().await().iterator().next().getLong(0));
  }
}
