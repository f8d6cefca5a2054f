package io.statuspage.incident;

import io.statuspage.bus.Services;
import io.statuspage.bus.messages.IncidentsPart;
import io.statuspage.runtime.ServiceChecks;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The service starts on a real PostgreSQL, migrates its schema, answers the gateway and reports itself ready. */
class IncidentServiceVerticleTest {

  @Test
  void startsMigratesAnswersTheSnapshotAndIsReady() throws Exception {
    try (ServiceChecks.Deployed service = ServiceChecks.deploy((config, health) -> new IncidentServiceVerticle(config, health, java.time.Clock.systemUTC()))) {
      ServiceChecks.assertMigrated(service.db(), "incident", "outbox");
      JsonObject snapshot = service.request(Services.Incident.ADDRESS, Services.Incident.SNAPSHOT);
      assertEquals(new JsonArray(), snapshot.getJsonArray("incidents"));
      assertEquals(IncidentsPart.none(), snapshot.mapTo(IncidentsPart.class));
      assertEquals("incident-service", service.request(Services.Incident.ADDRESS, Services.Incident.PING)
        .getString("service"));
      ServiceChecks.assertReady(service.vertx(), service.health(), "incident-service");
    }
  }
}
