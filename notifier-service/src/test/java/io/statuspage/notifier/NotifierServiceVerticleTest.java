package io.statuspage.notifier;

import io.statuspage.bus.Services;
import io.statuspage.runtime.ServiceChecks;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The service starts on a real PostgreSQL, migrates its schema, answers on the bus and reports itself ready. */
class NotifierServiceVerticleTest {

  @Test
  void startsMigratesAnswersAndIsReady() throws Exception {
    try (ServiceChecks.Deployed service = ServiceChecks.deploy(
      (config, health) -> new NotifierServiceVerticle(config, health, Clock.systemUTC()))) {
      ServiceChecks.assertMigrated(service.db(), "notifier", "received_event");
      ServiceChecks.assertMigrated(service.db(), "notifier", "subscriber");
      JsonObject pong = service.request(Services.Notifier.ADDRESS, Services.Notifier.PING);
      assertEquals("notifier-service", pong.getString("service"));
      ServiceChecks.assertReady(service.vertx(), service.health(), "notifier-service");
    }
  }
}
