package io.statuspage.incident;

import io.statuspage.bus.Endpoint;
import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Database;
import io.statuspage.runtime.Health;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/**
 * Incidents and scheduled maintenance (schema {@code incident}). Until incidents arrive it answers the gateway's
 * snapshot request with empty lists, so the public page's incident and maintenance sections are wired end to end.
 */
public final class IncidentServiceVerticle extends VerticleBase {

  private final Config config;
  private final Health health;
  private Pool pool;
  private Endpoint endpoint;

  public IncidentServiceVerticle(Config config, Health health) {
    this.config = config;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    return Database.open(vertx, config, "incident", 4)
      .compose(opened -> {
        pool = opened;
        endpoint = Endpoint.create(vertx, Services.Incident.ADDRESS)
          .ping("incident-service", () -> pool.query("SELECT 1").execute())
          .on(Services.Incident.SNAPSHOT, request -> Future.succeededFuture(new JsonObject()
            .put("incidents", new JsonArray())
            .put("scheduled_maintenances", new JsonArray())));
        return endpoint.start();
      })
      .onSuccess(v -> health.readiness("incident-service", endpoint::health));
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
