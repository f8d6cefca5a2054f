package io.statuspage.gateway.api;

import io.statuspage.gateway.snapshot.Snapshot;
import io.statuspage.gateway.snapshot.SnapshotBuilder;
import io.statuspage.gateway.snapshot.SnapshotKeeper;
import io.statuspage.bus.ServiceError;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.Map;

/**
 * The public read path: a map lookup in the current snapshot and a write of bytes already made. No database, no
 * event bus, no template here, so the page stays up when everything behind it is down.
 */
public final class PublicApi {

  public static final Map<String, String> OPERATIONS = Map.of(
    "getSummary", SnapshotBuilder.SUMMARY,
    "getStatus", SnapshotBuilder.STATUS,
    "getComponents", SnapshotBuilder.COMPONENTS);

  private final SnapshotKeeper keeper;

  public PublicApi(SnapshotKeeper keeper) {
    this.keeper = keeper;
  }

  public void mount(RouterBuilder builder) {
    OPERATIONS.forEach((operationId, path) -> builder.getRoute(operationId).addHandler(rc -> serve(rc, path)));
  }

  /** Serves {@code path} from the snapshot; also used for the HTML page. */
  public void serve(RoutingContext rc, String path) {
    HttpServerResponse response = rc.response();
    if (path.startsWith("/api/")) {
      response.putHeader("Access-Control-Allow-Origin", "*");
    }
    Snapshot snapshot = keeper.current();
    if (snapshot == null) {
      Problems.send(response, ServiceError.unavailable("The status page is starting; try again in a few seconds"));
      return;
    }
    Snapshot.Resource resource = snapshot.get(path);
    HttpServerRequest request = rc.request();
    response.putHeader("ETag", resource.etag())
      .putHeader("Last-Modified", resource.lastModified())
      .putHeader("Cache-Control", resource.cacheControl())
      .putHeader("Vary", "Accept-Encoding");
    if (snapshot.stale()) {
      response.putHeader("X-Snapshot-Stale", "true")
        .putHeader("X-Snapshot-Refreshed-At", snapshot.refreshedAt().toString());
    }
    String ifNoneMatch = request.getHeader("If-None-Match");
    if (ifNoneMatch != null && (ifNoneMatch.contains(resource.etag()) || ifNoneMatch.trim().equals("*"))) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader("Content-Type", resource.contentType());
    if (request.method() == io.vertx.core.http.HttpMethod.HEAD) {
      response.putHeader("Content-Length", String.valueOf(resource.body().length())).end();
    } else {
      response.end(resource.body());
    }
  }
}
