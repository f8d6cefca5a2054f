package io.statuspage.runtime;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Liveness, readiness and metrics of one process, and whether writes can work:
 * <ul>
 *   <li>{@code /health/live}: 200 while the process answers at all.</li>
 *   <li>{@code /health/ready}: 200 when every {@linkplain #readiness readiness check} passes: the process can do its
 *   main job (a gateway: serve the public page; a service: its database and event-bus endpoint are up). The body also
 *   lists the state of each {@linkplain #dependency dependency}, which does not change the status code.</li>
 *   <li>{@code /health/write}: 200 when every readiness check and every dependency passes, so writes through this
 *   process can succeed; 503 otherwise, the body saying which are down.</li>
 *   <li>{@code /metrics}: Prometheus.</li>
 * </ul>
 * Body: {@code {"status":"UP","checks":{"snapshot":{"status":"UP"}},
 * "dependencies":{"database":{"status":"DOWN","error":"..."}}}}. A check that does not answer within two seconds is
 * down. Checks run at most once a second however often the routes are asked (they are public on a gateway).
 */
public final class Health {

  private static final long CHECK_TIMEOUT_MS = 2_000;
  private static final long REUSE_MS = 1_000;
  private static final String UP = "UP";
  private static final String DOWN = "DOWN";

  private final Vertx vertx;
  private final Map<String, Supplier<Future<?>>> readiness = new LinkedHashMap<>();
  private final Map<String, Supplier<Future<?>>> dependencies = new LinkedHashMap<>();
  private Future<Report> latest;
  private long latestAt;

  private Health(Vertx vertx) {
    this.vertx = vertx;
  }

  public static Health create(Vertx vertx) {
    return new Health(vertx);
  }

  /** Adds a readiness check: this process can do its main job only while {@code check} succeeds. */
  public synchronized Health readiness(String name, Supplier<Future<?>> check) {
    readiness.put(name, check);
    latest = null;
    return this;
  }

  /** Adds a dependency: reported by {@code /health/ready}, required by {@code /health/write}. */
  public synchronized Health dependency(String name, Supplier<Future<?>> check) {
    dependencies.put(name, check);
    latest = null;
    return this;
  }

  /** The state of every check, run now or at most a second ago. */
  public synchronized Future<Report> report() {
    long now = System.nanoTime();
    if (latest == null || now - latestAt > TimeUnit.MILLISECONDS.toNanos(REUSE_MS)) {
      latestAt = now;
      latest = run(new LinkedHashMap<>(readiness), new LinkedHashMap<>(dependencies));
    }
    return latest;
  }

  private Future<Report> run(Map<String, Supplier<Future<?>>> checks, Map<String, Supplier<Future<?>>> deps) {
    Map<String, Future<JsonObject>> checked = new LinkedHashMap<>();
    checks.forEach((name, check) -> checked.put(name, state(check)));
    Map<String, Future<JsonObject>> depended = new LinkedHashMap<>();
    deps.forEach((name, check) -> depended.put(name, state(check)));
    List<Future<JsonObject>> all = new ArrayList<>(checked.values());
    all.addAll(depended.values());
    // state() never fails, so this completes once every check has answered or timed out.
    return Future.all(all).map(done -> new Report(collect(checked), collect(depended)));
  }

  /** Whether {@code check} succeeds in time: never fails, a failure is a DOWN state naming the reason. */
  private Future<JsonObject> state(Supplier<Future<?>> check) {
    Promise<JsonObject> state = Promise.promise();
    long timer = vertx.setTimer(CHECK_TIMEOUT_MS,
      id -> state.tryComplete(down("no answer within " + CHECK_TIMEOUT_MS / 1000 + " s")));
    Future<?> result;
    try {
      result = check.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(done -> {
      vertx.cancelTimer(timer);
      state.tryComplete(done.succeeded() ? new JsonObject().put("status", UP) : down(Outage.reason(done.cause())));
    });
    return state.future();
  }

  private static JsonObject down(String error) {
    return new JsonObject().put("status", DOWN).put("error", error);
  }

  private static JsonObject collect(Map<String, Future<JsonObject>> states) {
    JsonObject json = new JsonObject();
    states.forEach((name, state) -> json.put(name, state.result()));
    return json;
  }

  /** Adds the management routes to {@code router}: the gateway's, or a service's own small server. */
  public Router mount(Router router) {
    router.route("/health/live").method(HttpMethod.GET).method(HttpMethod.HEAD)
      .handler(rc -> send(rc, true, new JsonObject().put("status", UP)));
    router.route("/health/ready").method(HttpMethod.GET).method(HttpMethod.HEAD)
      .handler(rc -> report().onSuccess(r -> send(rc, r.ready(), r.toJson(r.ready()))).onFailure(rc::fail));
    router.route("/health/write").method(HttpMethod.GET).method(HttpMethod.HEAD)
      .handler(rc -> report().onSuccess(r -> send(rc, r.writable(), r.toJson(r.writable()))).onFailure(rc::fail));
    router.get("/metrics").handler(PrometheusScrapingHandler.create());
    return router;
  }

  private static void send(RoutingContext rc, boolean up, JsonObject body) {
    rc.response().setStatusCode(up ? 200 : 503)
      .putHeader("Content-Type", "application/json")
      .putHeader("Cache-Control", "no-store")
      .end(body.toBuffer());
  }

  /** Serves only the management routes on {@code host:port}, for processes without the gateway. */
  public Future<HttpServer> serve(Vertx vertx, String host, int port) {
    return vertx.createHttpServer().requestHandler(mount(Router.router(vertx))).listen(port, host);
  }

  /** One run of the checks: each one's state, {@code {"status":"UP"}} or {@code {"status":"DOWN","error":...}}. */
  public record Report(JsonObject checks, JsonObject dependencies) {

    /** Every readiness check up; a process with none has not started its main job yet. */
    public boolean ready() {
      return !checks.isEmpty() && allUp(checks);
    }

    /** Ready, and every dependency up. */
    public boolean writable() {
      return ready() && allUp(dependencies);
    }

    private static boolean allUp(JsonObject states) {
      return states.stream().allMatch(e -> UP.equals(((JsonObject) e.getValue()).getString("status")));
    }

    JsonObject toJson(boolean up) {
      JsonObject json = new JsonObject().put("status", up ? UP : DOWN).put("checks", checks);
      return dependencies.isEmpty() ? json : json.put("dependencies", dependencies);
    }
  }
}
