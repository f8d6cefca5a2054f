package io.statuspage.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.util.function.Supplier;

/**
 * Liveness, readiness and metrics of one process: {@code /health/live}, {@code /health/ready}, {@code /metrics}.
 * Each service registers what it needs to be ready (its database, its event-bus consumers).
 */
public final class Health {

  private static final long CHECK_TIMEOUT_MS = 2_000;

  private final HealthChecks live;
  private final HealthChecks ready;

  private Health(Vertx vertx) {
    this.live = HealthChecks.create(vertx);
    this.ready = HealthChecks.create(vertx);
    live.register("event-loop", CHECK_TIMEOUT_MS, p -> p.complete(Status.OK()));
  }

  public static Health create(Vertx vertx) {
    return new Health(vertx);
  }

  /** Adds a readiness check: ready while {@code check} succeeds within two seconds. */
  public Health readiness(String name, Supplier<Future<?>> check) {
    ready.register(name, CHECK_TIMEOUT_MS, promise -> check.get()
      .onSuccess(v -> promise.tryComplete(Status.OK()))
      .onFailure(e -> promise.tryComplete(Status.KO(new io.vertx.core.json.JsonObject()
        .put("error", String.valueOf(e.getMessage()))))));
    return this;
  }

  /** Adds the three management routes to {@code router}: the gateway's, or a service's own small server. */
  public Router mount(Router router) {
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
    router.get("/metrics").handler(PrometheusScrapingHandler.create());
    return router;
  }

  /** Serves only the management routes on {@code host:port}, for processes without the gateway. */
  public io.vertx.core.Future<io.vertx.core.http.HttpServer> serve(Vertx vertx, String host, int port) {
    return vertx.createHttpServer().requestHandler(mount(Router.router(vertx))).listen(port, host);
  }
}
