package io.statuspage.uptime;

import io.statuspage.bus.Services;
import io.statuspage.runtime.ServiceChecks;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The service starts on a real PostgreSQL, migrates its schema, answers on the bus and reports itself ready. */
class UptimeCollectorVerticleTest {

  @Test
  void startsMigratesAnswersAndIsReady() throws Exception {
    try (ServiceChecks.Deployed service = ServiceChecks.deploy(UptimeCollectorVerticle::new)) {
      ServiceChecks.assertMigrated(service.db(), "uptime", "check");
      JsonObject pong = service.request(Services.Uptime.ADDRESS, Services.Uptime.PING);
      assertEquals("uptime-collector", pong.getString("service"));
      ServiceChecks.assertReady(service.vertx(), service.health(), "uptime-collector");
    }
  }
}
