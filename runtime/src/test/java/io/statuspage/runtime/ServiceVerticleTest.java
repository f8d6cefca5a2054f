package io.statuspage.runtime;

import io.statuspage.bus.Outbox;
import io.statuspage.bus.Services;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small service built on the kit: it appends what it is sent to its outbox and consumes its own events durably.
 * Started, it has its schema, answers, relays and is ready; stopped, it has closed all it opened.
 */
class ServiceVerticleTest extends ServiceTestBase {

  private static final String ADDRESS = "test.kit";
  private static final String EVENTS = "test.kit.events";
  private static final String INBOX = "test.kit.inbox";
  private final AtomicInteger ticks = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<JsonObject> published = Collections.synchronizedList(new ArrayList<>());
  private KitService service;

  ServiceVerticleTest() {
    super(ADDRESS, "kit");
  }

  /** The whole of a service: its spec and its domain's wiring. */
  final class KitService extends ServiceVerticle {
    private final boolean failToWire;

    KitService(Config config, Health health, boolean failToWire) {
      super(config, health, Spec.of("kit-service", "kit", ADDRESS).withOutbox(EVENTS, INBOX));
      this.failToWire = failToWire;
    }

    @Override
    protected Future<?> wire() {
      endpoint().on("append", r -> pool().withTransaction(tx -> Outbox.append(tx, "kit.appended", r.body()))
        .onSuccess(v -> outbox().kick()));
      consume(INBOX, (tx, event) -> tx.preparedQuery("INSERT INTO effect (event_id, seq) VALUES ($1, $2)")
        .execute(Tuple.of(event.id(), event.data().getInteger("seq"))));
      periodic(Duration.ofMillis(20), id -> ticks.incrementAndGet());
      onStop(() -> {
        closed.set(true);
        return Future.succeededFuture();
      });
      return failToWire ? Future.failedFuture(new IllegalStateException("bootstrap failed")) : Future.succeededFuture();
    }

    Pool openedPool() {
      return pool();
    }
  }

  @Override
  protected Deployable service(Config config, Health health, Clock clock) {
    service = new KitService(config, health, false);
    return service;
  }

  @Test
  void startedItHasItsSchemaAnswersRelaysDeliversAndIsReady() throws Exception {
    vertx.eventBus().<JsonObject>consumer(EVENTS, m -> published.add(m.body())).completion().await();
    ServiceChecks.assertMigrated(db, "kit", "outbox_consumer");
    assertEquals(new JsonObject().put("service", "kit-service").put("status", "ok"),
      call(Services.PING, new JsonObject()));

    call("append", new JsonObject().put("seq", 42));

    awaitUntil(() -> published.size() == 1 && count("SELECT count(*) FROM effect WHERE seq = 42") == 1);
    assertEquals("kit.appended", published.get(0).getString("type"));
    assertEquals(1, count("SELECT count(*) FROM received_event"));
    assertEquals(count("SELECT max(id) FROM outbox"), count("SELECT delivered_id FROM outbox_consumer "
      + "WHERE consumer = '" + INBOX + "'"));
    Health.Report report = health.report().await();
    assertTrue(report.ready(), report.checks().encode());
    assertEquals("UP", report.checks().getJsonObject("kit-service").getString("status"));
  }

  @Test
  void stoppedItHasClosedWhatItOpened() throws InterruptedException {
    Pool pool = service.openedPool();
    undeploy();

    assertEquals(ReplyFailure.NO_HANDLERS, assertThrows(ReplyException.class,
      () -> call(Services.PING, new JsonObject())).failureType());
    assertEquals(ReplyFailure.NO_HANDLERS, assertThrows(ReplyException.class,
      () -> vertx.eventBus().request(INBOX, new JsonObject()).await()).failureType());
    int stoppedAt = ticks.get();
    Thread.sleep(100);
    assertEquals(stoppedAt, ticks.get(), "its timer is cancelled");
    assertTrue(closed.get(), "the domain's own closer ran");
    assertThrows(RuntimeException.class, () -> pool.query("SELECT 1").execute().await(), "its pool is closed");
    // Past the second for which a report is reused.
    Thread.sleep(1_100);
    assertFalse(health.report().await().ready(), "no longer ready");
  }

  @Test
  void aFailedStartClosesWhatItHadOpened() throws InterruptedException {
    undeploy();
    KitService failing = new KitService(config, health, true);

    assertThrows(IllegalStateException.class, () -> vertx.deployVerticle(failing).await());

    assertThrows(ReplyException.class, () -> call(Services.PING, new JsonObject()));
    int stoppedAt = ticks.get();
    Thread.sleep(100);
    assertEquals(stoppedAt, ticks.get());
    assertThrows(RuntimeException.class, () -> failing.openedPool().query("SELECT 1").execute().await());
  }

  private long count(String query) {
    return queryOne(query).getLong(0);
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertTrue(condition.getAsBoolean(), "in time");
  }
}
