package io.statuspage.notifier;

import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.statuspage.bus.messages.StatusesApply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;

/**
 * What the notifier asks the services that own pages, components and incidents: whether a page exists with the
 * components a subscriber names (component-service, the read form of {@code component.statuses.apply}), and whether
 * an incident exists (incident-service). Their 404 is passed on; an unknown component becomes a 422 naming the
 * subscriber's field; a service that does not answer, a 503.
 */
final class Pages {

  /** Two fit in the gateway's 5 s. */
  private static final Duration TIMEOUT = Duration.ofMillis(2000);

  private final Vertx vertx;

  Pages(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Completes when page {@code pageId} exists and has every one of {@code componentIds}. */
  Future<Void> requireComponents(String pageId, List<String> componentIds, String field) {
    JsonObject read = JsonObject.mapFrom(new StatusesApply(pageId, null, null, componentIds, null));
    return request(Services.Component.ADDRESS, Services.Component.STATUSES_APPLY, read)
      .recover(e -> {
        ServiceError error = ServiceError.from(e);
        return Future.failedFuture(error.status() == 422 ? ServiceError.unprocessable(field, error.getMessage())
          : error);
      })
      .mapEmpty();
  }

  /** Completes when incident {@code incidentId} exists on page {@code pageId}. */
  Future<Void> requireIncident(String pageId, String incidentId) {
    return request(Services.Incident.ADDRESS, Services.Incident.GET,
      new JsonObject().put("page_id", pageId).put("incident_id", incidentId))
      .recover(e -> Future.failedFuture(ServiceError.from(e)))
      .mapEmpty();
  }

  /** The page's summary and overall status, as the public API has them (a {@code ComponentsPart}). */
  Future<JsonObject> summary(String pageId) {
    return request(Services.Component.ADDRESS, Services.Component.SNAPSHOT, new JsonObject().put("page_id", pageId))
      .map(JsonObject.class::cast);
  }

  /** The page as component-service has it (its name and url among the rest). */
  Future<JsonObject> page(String pageId) {
    return request(Services.Component.ADDRESS, Services.Component.PAGE_GET, new JsonObject().put("page_id", pageId))
      .map(JsonObject.class::cast);
  }

  private Future<Object> request(String address, String action, JsonObject body) {
    return vertx.eventBus().request(address, body, new DeliveryOptions().setSendTimeout(TIMEOUT.toMillis())
        .addHeader(Services.ACTION, action))
      .map(reply -> reply.body());
  }
}
