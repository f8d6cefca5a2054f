package io.statuspage.uptime;

import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.statuspage.bus.messages.AutomaticStatus;
import io.statuspage.bus.messages.AutomaticStatusResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the collector needs of pages and components, as component-service (which owns them) answers: whether a page
 * exists and its time zone (for the times in the JSON), and whether a component exists. Asked each time: cheap, and
 * never stale.
 */
final class Pages {

  private final Vertx vertx;
  /** The last zone seen per page, for work that must go on while component-service cannot be asked. */
  private final Map<String, ZoneId> lastZones = new ConcurrentHashMap<>();

  Pages(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The zone of page {@code id}; fails with component-service's 404 when there is none, 503 when it cannot be asked. */
  Future<ZoneId> zone(String pageId) {
    return ask(Services.Component.PAGE_GET, new JsonObject().put("page_id", pageId))
      .map(page -> {
        ZoneId zone = zoneNamed(page.getString("time_zone"));
        lastZones.put(pageId, zone);
        return zone;
      });
  }

  /**
   * The zone whose days a page's figures are counted in. Never fails: when component-service cannot be asked, the
   * zone last seen (or UTC), so probe results and Pingdom figures are still stored.
   */
  Future<ZoneId> daysZone(String pageId) {
    return zone(pageId).otherwise(e -> lastZones.getOrDefault(pageId, ZoneOffset.UTC));
  }

  /** Fails with a 422 naming {@code field} when the page has no component {@code componentId}. */
  Future<Void> component(String pageId, String componentId, String field) {
    return ask(Services.Component.GET, new JsonObject().put("page_id", pageId).put("component_id", componentId))
      .<Void>mapEmpty()
      .recover(e -> Future.failedFuture(e instanceof ServiceError error && error.status() == 404
        ? ServiceError.unprocessable(field, "The page has no component " + componentId) : e));
  }

  /** Fails with component-service's 404 when the page has no component {@code componentId} (a path's id). */
  Future<Void> existing(String pageId, String componentId) {
    return maintenanceOf(pageId, componentId).mapEmpty();
  }

  /**
   * Whether component {@code componentId} is under maintenance now; fails with component-service's 404 when the page
   * has no such component (a path's id).
   */
  Future<Boolean> maintenanceOf(String pageId, String componentId) {
    return ask(Services.Component.GET, new JsonObject().put("page_id", pageId).put("component_id", componentId))
      .map(component -> "under_maintenance".equals(component.getString("status")));
  }

  /**
   * Whether the component is under maintenance now. Never fails: when component-service cannot say, the result is
   * counted as usual.
   */
  Future<Boolean> underMaintenance(String pageId, String componentId) {
    return maintenanceOf(pageId, componentId).otherwise(false);
  }

  /** The component's name (for an incident opened about it). */
  Future<String> componentName(String pageId, String componentId) {
    return ask(Services.Component.GET, new JsonObject().put("page_id", pageId).put("component_id", componentId))
      .map(component -> component.getString("name"));
  }

  /** Asks component-service to set a component's status for automation, once per {@code requestId}. */
  Future<AutomaticStatusResult> automatic(AutomaticStatus request, String requestId) {
    return ask(Services.Component.STATUS_AUTOMATIC, JsonObject.mapFrom(request),
      new DeliveryOptions().addHeader(Services.REQUEST_ID, requestId))
      .map(reply -> reply.mapTo(AutomaticStatusResult.class));
  }

  /** Every page, as component-service lists them. */
  Future<JsonArray> all() {
    return list(Services.Component.PAGE_LIST, new JsonObject());
  }

  /** A list action of component-service ({@code component.list}, {@code component.history}). */
  Future<JsonArray> list(String action, JsonObject request) {
    return vertx.eventBus().<JsonArray>request(Services.Component.ADDRESS, request,
        new DeliveryOptions().addHeader(Services.ACTION, action))
      .transform(ar -> ar.failed() ? Future.failedFuture(ServiceError.from(ar.cause()))
        : Future.succeededFuture(ar.result().body()));
  }

  static ZoneId zoneOf(JsonObject page) {
    return zoneNamed(page.getString("time_zone"));
  }

  private Future<JsonObject> ask(String action, JsonObject request) {
    return ask(action, request, new DeliveryOptions());
  }

  private Future<JsonObject> ask(String action, JsonObject request, DeliveryOptions options) {
    return vertx.eventBus().<JsonObject>request(Services.Component.ADDRESS, request,
        options.addHeader(Services.ACTION, action))
      .transform(ar -> ar.failed() ? Future.failedFuture(ServiceError.from(ar.cause()))
        : Future.succeededFuture(ar.result().body()));
  }

  private static ZoneId zoneNamed(String name) {
    try {
      return name == null ? ZoneOffset.UTC : ZoneId.of(name);
    } catch (RuntimeException e) {
      return ZoneOffset.UTC;
    }
  }
}
