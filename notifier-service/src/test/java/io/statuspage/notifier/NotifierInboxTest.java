package io.statuspage.notifier;

import io.statuspage.bus.Outbox;
import io.statuspage.bus.Services;
import io.statuspage.bus.messages.Event;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Database;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.ServiceTestBase;
import io.vertx.core.Deployable;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The notifier takes the events outboxes deliver to its inbox: each once, and all of them after it was away. */
class NotifierInboxTest extends ServiceTestBase {

  NotifierInboxTest() {
    super(Services.Notifier.ADDRESS, "notifier");
  }

  @Override
  protected Deployable service(Config config, Health health, Clock clock) {
    return new NotifierServiceVerticle(config, health, clock);
  }

  @Test
  void anEventDeliveredTwiceIsRecordedOnce() {
    JsonObject event = JsonObject.mapFrom(new Event(UUID.randomUUID(), "component.status-changed", T0,
      new JsonObject()));

    assertEquals(false, send(event).getBoolean("duplicate"));
    assertEquals(true, send(event).getBoolean("duplicate"));

    assertEquals(1L, queryOne("SELECT count(*) FROM received_event").getLong(0));
    assertEquals("component.status-changed", queryOne("SELECT type FROM received_event").getString(0));
  }

  @Test
  void aNotifierThatWasDownReceivesTheBacklogOnceItIsBack() throws InterruptedException {
    // A producer with an outbox like the component service's, on the same database (schema kit).
    Pool producer = Database.open(vertx, config, "kit", 2).await();
    Outbox outbox = Outbox.create(vertx, producer, "test.events").deliverTo(Services.Notifier.INBOX)
      .retry(Duration.ofMillis(200), Duration.ofMillis(200));
    outbox.register().await();

    undeploy();
    assertEquals(ReplyFailure.NO_HANDLERS, assertThrows(ReplyException.class,
      () -> send(new JsonObject())).failureType());
    List<String> appended = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int seq = i;
      appended.add(producer.withTransaction(tx -> Outbox.append(tx, "component.changed", new JsonObject()
        .put("seq", seq))).await().getString("id"));
    }
    assertEquals(0, outbox.deliver(Services.Notifier.INBOX).await(), "nobody to acknowledge");

    redeploy();
    Thread.sleep(250);
    assertEquals(10, outbox.deliver(Services.Notifier.INBOX).await());
    assertEquals(appended, receivedIds());

    // The producer crashed before it saved the position: everything is sent again, and changes nothing.
    producer.query("UPDATE outbox_consumer SET delivered_id = 0").execute().await();
    assertEquals(10, outbox.deliver(Services.Notifier.INBOX).await());
    assertEquals(appended, receivedIds());
  }

  private JsonObject send(JsonObject event) {
    return vertx.eventBus().<JsonObject>request(Services.Notifier.INBOX, event).await().body();
  }

  private List<String> receivedIds() {
    List<String> ids = new ArrayList<>();
    // Received in order, each in its own transaction: received_at orders them.
    sql("SELECT event_id FROM received_event ORDER BY received_at").forEach(row -> ids.add(row.getUUID(0).toString()));
    return ids;
  }
}
