package io.statuspage.notifier;

import io.statuspage.bus.Endpoint;
import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Database;
import io.statuspage.runtime.Health;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;

/**
 * Email and webhook subscribers and their deliveries (schema {@code notifier}). Today it joins the cluster, migrates
 * its schema and answers pings; subscriptions and deliveries come with the notifications issue.
 */
public final class NotifierServiceVerticle extends VerticleBase {

  private final Config config;
  private final Health health;
  private Pool pool;
  private Endpoint endpoint;

  public NotifierServiceVerticle(Config config, Health health) {
    this.config = config;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    return Database.open(vertx, config, "notifier", 4)
      .compose(opened -> {
        pool = opened;
        endpoint = Endpoint.create(vertx, Services.Notifier.ADDRESS)
          .ping("notifier-service", () -> pool.query("SELECT 1").execute());
        return endpoint.start();
      })
      .onSuccess(v -> health.readiness("notifier-service", endpoint::health));
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
