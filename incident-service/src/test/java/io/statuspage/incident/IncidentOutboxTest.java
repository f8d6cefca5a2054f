package io.statuspage.incident;

import io.statuspage.bus.Outbox;
import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.ServiceTestBase;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the incident service appends to its outbox is published on its topic and delivered to the notifier. */
class IncidentOutboxTest extends ServiceTestBase {

  IncidentOutboxTest() {
    super(Services.Incident.ADDRESS, "incident");
  }

  @Override
  protected Deployable service(Config config, Health health, Clock clock) {
    return new IncidentServiceVerticle(config, health, clock);
  }

  @Test
  void itsOutboxIsRelayedToItsTopicAndTheNotifier() throws InterruptedException {
    List<JsonObject> published = Collections.synchronizedList(new ArrayList<>());
    List<JsonObject> delivered = Collections.synchronizedList(new ArrayList<>());
    vertx.eventBus().<JsonObject>consumer(Services.Incident.EVENTS, m -> published.add(m.body())).completion().await();
    vertx.eventBus().<JsonObject>consumer(Services.Notifier.INBOX, m -> {
      delivered.add(m.body());
      m.reply(new JsonObject().put("id", m.body().getString("id")).put("duplicate", false));
    }).completion().await();

    // No incident actions yet: the event is appended as they will append theirs, and found by the relay's timer.
    Pool pool = PgBuilder.pool().connectingTo(new PgConnectOptions(db).addProperty("search_path", "incident"))
      .using(vertx).build();
    JsonObject event = pool.withTransaction(tx -> Outbox.append(tx, "incident.created",
      new JsonObject().put("id", "inc000000001"))).await();

    for (int i = 0; i < 300 && (published.isEmpty() || delivered.isEmpty()); i++) {
      Thread.sleep(50);
    }
    assertEquals(List.of(event), published);
    assertEquals(List.of(event), delivered);
    assertEquals(0L, queryOne("SELECT count(*) FROM outbox WHERE published_at IS NULL").getLong(0));
    assertEquals(queryOne("SELECT max(id) FROM outbox").getLong(0), queryOne("SELECT delivered_id FROM "
      + "outbox_consumer WHERE consumer = '" + Services.Notifier.INBOX + "'").getLong(0));
  }
}
