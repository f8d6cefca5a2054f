package io.statuspage.incident;

import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pages incidents belong to, as component-service (which owns them) answers {@code page.get}: whether one exists,
 * its URL (for shortlinks) and its time zone (for the times in the JSON). Kept after the first answer and forgotten
 * when component-service announces a page change ({@link #forget}).
 */
final class Pages {

  /** What incident-service needs of a page. */
  record Page(String id, String url, ZoneId zone) {
  }

  private final Vertx vertx;
  private final Map<String, Page> known = new ConcurrentHashMap<>();

  Pages(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The page {@code id}; fails with component-service's 404 when there is none, 503 when it cannot be asked. */
  Future<Page> page(String id) {
    Page page = known.get(id);
    if (page != null) {
      return Future.succeededFuture(page);
    }
    return vertx.eventBus().<JsonObject>request(Services.Component.ADDRESS, new JsonObject().put("page_id", id),
        new DeliveryOptions().addHeader(Services.ACTION, Services.Component.PAGE_GET))
      .transform(ar -> {
        if (ar.failed()) {
          return Future.failedFuture(ServiceError.from(ar.cause()));
        }
        JsonObject body = ar.result().body();
        Page found = new Page(body.getString("id"), body.getString("url", ""), zoneNamed(body.getString("time_zone")));
        known.put(id, found);
        return Future.succeededFuture(found);
      });
  }

  /** The zone of page {@code id} if it can be learned, else UTC: for reads that must answer anyway. */
  Future<ZoneId> zone(String id) {
    return page(id).map(Page::zone).otherwise(ZoneOffset.UTC);
  }

  /** Forgets what is known of the pages, after a page changed. */
  void forget() {
    known.clear();
  }

  private static ZoneId zoneNamed(String name) {
    try {
      return name == null ? ZoneOffset.UTC : ZoneId.of(name);
    } catch (RuntimeException e) {
      return ZoneOffset.UTC;
    }
  }
}
