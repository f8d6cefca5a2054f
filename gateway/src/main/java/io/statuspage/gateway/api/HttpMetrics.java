package io.statuspage.gateway.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's request metrics. The public path only bumps a counter resolved in advance (Vert.x's own HTTP
 * metrics look meters up per request and cost a fifth of its throughput); routed requests are timed per contract
 * operation.
 *
 * <ul>
 *   <li>{@code statuspage_public_responses_total{path, status}}: bodies served from the snapshot</li>
 *   <li>{@code statuspage_http_requests_seconds{operation, method, status}}: everything else</li>
 * </ul>
 */
public final class HttpMetrics {

  private final MeterRegistry registry;
  private final OpenAPIContract contract;
  private final Map<String, Counter[]> publicCounters = new ConcurrentHashMap<>();

  private HttpMetrics(MeterRegistry registry, OpenAPIContract contract) {
    this.registry = registry;
    this.contract = contract;
  }

  /** @param contract names the operation a request was for */
  public static HttpMetrics create(OpenAPIContract contract) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return new HttpMetrics(registry != null ? registry : new CompositeMeterRegistry(), contract);
  }

  /** Counts one public body served; {@code notModified} for a 304. */
  void publicResponse(String path, boolean notModified) {
    publicCounters.computeIfAbsent(path, p -> new Counter[] {publicCounter(p, 200), publicCounter(p, 304)})
      [notModified ? 1 : 0].increment();
  }

  private Counter publicCounter(String path, int status) {
    return Counter.builder("statuspage.public.responses")
      .description("Public bodies served from the in-memory snapshot")
      .tag("path", path).tag("status", String.valueOf(status)).register(registry);
  }

  /** A root handler timing each routed request until its response ends. */
  public void time(RoutingContext rc) {
    long start = System.nanoTime();
    rc.addEndHandler(done -> {
      Operation operation = contract.findOperation(rc.normalizedPath(), rc.request().method());
      Timer.builder("statuspage.http.requests")
        .description("Requests handled through the router")
        .tag("operation", operation == null ? "other" : operation.getOperationId())
        .tag("method", rc.request().method().name())
        .tag("status", String.valueOf(rc.response().getStatusCode()))
        .register(registry)
        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    });
    rc.next();
  }
}
