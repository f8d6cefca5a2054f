package io.statuspage.uptime;

import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.Node;
import io.statuspage.runtime.ServiceChecks;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The service starts on a real PostgreSQL, migrates its schema, answers on the bus and reports itself ready. */
class UptimeCollectorVerticleTest {

  @Test
  void startsMigratesAnswersAndIsReady() throws Exception {
    PgConnectOptions db = TestDatabase.fresh();
    Vertx vertx = Node.start(Config.of(TestDatabase.config(db)), false).await();
    try {
      Health health = Health.create(vertx);
      vertx.deployVerticle(new UptimeCollectorVerticle(Config.of(TestDatabase.config(db)), health)).await();

      ServiceChecks.assertMigrated(db, "uptime", "check");
      JsonObject reply = vertx.eventBus().<JsonObject>request(Services.Uptime.ADDRESS, new JsonObject(),
        new DeliveryOptions().addHeader(Services.ACTION, Services.Uptime.PING)).map(Message::body).await();
      assertEquals("ok", reply.getString("status"));
      assertEquals("uptime-collector", reply.getString("service"));
      ServiceChecks.assertReady(vertx, health, "uptime-db");
    } finally {
      vertx.close().await();
    }
  }
}
