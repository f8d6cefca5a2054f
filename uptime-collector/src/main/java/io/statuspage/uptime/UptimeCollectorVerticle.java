package io.statuspage.uptime;

import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.ServiceVerticle;
import io.vertx.core.Future;

/**
 * Pingdom polling and our own probes (schema {@code uptime}). Today it joins the cluster, migrates its
 * schema and answers pings; checks and daily figures come with the uptime issue.
 */
public final class UptimeCollectorVerticle extends ServiceVerticle {

  public UptimeCollectorVerticle(Config config, Health health) {
    super(config, health, Spec.of("uptime-collector", "uptime", Services.Uptime.ADDRESS));
  }

  @Override
  protected Future<?> wire() {
    return Future.succeededFuture();
  }
}
