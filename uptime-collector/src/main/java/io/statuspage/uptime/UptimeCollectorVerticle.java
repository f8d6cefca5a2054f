package io.statuspage.uptime;

import io.statuspage.bus.Endpoint;
import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Database;
import io.statuspage.runtime.Health;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;

/**
 * Pingdom polling and our own probes (schema {@code uptime}). Today it joins the cluster, migrates its
 * schema and answers pings; checks and daily figures come with the uptime issue.
 */
public final class UptimeCollectorVerticle extends VerticleBase {

  private final Config config;
  private final Health health;
  private Pool pool;
  private Endpoint endpoint;

  public UptimeCollectorVerticle(Config config, Health health) {
    this.config = config;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    return Database.open(vertx, config, "uptime", 4)
      .compose(opened -> {
        pool = opened;
        endpoint = Endpoint.create(vertx, Services.Uptime.ADDRESS)
          .ping("uptime-collector", () -> pool.query("SELECT 1").execute());
        return endpoint.start();
      })
      .onSuccess(v -> health.readiness("uptime-collector", endpoint::health));
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
