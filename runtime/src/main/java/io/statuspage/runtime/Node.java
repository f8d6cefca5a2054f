package io.statuspage.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

/** Starts the Vert.x instance of one process: metrics on, and clustered over Hazelcast when asked. */
public final class Node {

  private Node() {
  }

  public static Future<Vertx> start(Config config, boolean clustered) {
    Json.configure();
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
      .setEnabled(config.getBoolean("metrics.enabled", true))
      .setJvmMetricsEnabled(true)
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    if (!config.getBoolean("metrics.http.server", false)) {
      // Vert.x's per-request HTTP metrics cost a fifth of the public path's throughput; the gateway counts its
      // requests itself with pre-registered meters instead.
      metrics.addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER);
    }
    VertxOptions options = new VertxOptions().setMetricsOptions(metrics);
    if (!clustered) {
      return Future.succeededFuture(Vertx.builder().with(options).build());
    }
    String host = config.get("cluster.host", "127.0.0.1");
    EventBusOptions bus = options.getEventBusOptions()
      .setHost(host)
      .setPort(config.getInt("cluster.bus.port", 0));
    config.get("cluster.public.host").ifPresent(bus::setClusterPublicHost);
    if (config.get("cluster.public.host").isEmpty() && !"0.0.0.0".equals(host)) {
      bus.setClusterPublicHost(host);
    }
    return Vertx.builder().with(options).withClusterManager(Cluster.manager(config)).buildClustered();
  }
}
