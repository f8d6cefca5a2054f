package io.statuspage.incident;

import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.Node;
import io.statuspage.runtime.ServiceChecks;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The service starts on a real PostgreSQL, migrates its schema, answers on the bus and reports itself ready. */
class IncidentServiceVerticleTest {

  @Test
  void startsMigratesAnswersAndIsReady() throws Exception {
    PgConnectOptions db = TestDatabase.fresh();
    Vertx vertx = Node.start(Config.of(TestDatabase.config(db)), false).await();
    try {
      Health health = Health.create(vertx);
      vertx.deployVerticle(new IncidentServiceVerticle(Config.of(TestDatabase.config(db)), health)).await();

      ServiceChecks.assertMigrated(db, "incident", "outbox");
      JsonObject reply = vertx.eventBus().<JsonObject>request(Services.Incident.ADDRESS, new JsonObject(),
        new DeliveryOptions().addHeader(Services.ACTION, Services.Incident.SNAPSHOT)).map(Message::body).await();
      assertEquals(new JsonArray(), reply.getJsonArray("incidents"));
      assertEquals(new JsonArray(), reply.getJsonArray("scheduled_maintenances"));
      ServiceChecks.assertReady(vertx, health, "incident-db");
    } finally {
      vertx.close().await();
    }
  }
}
