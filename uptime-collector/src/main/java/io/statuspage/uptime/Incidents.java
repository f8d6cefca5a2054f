package io.statuspage.uptime;

import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a status rule with {@code open_incident} needs of incident-service: open an incident for a component, as
 * affected only (its components' statuses are left alone: an incident's {@code components} would hold the component
 * as a person's change does), and resolve it.
 */
final class Incidents {

  private final Vertx vertx;

  Incidents(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Opens an incident, once per {@code requestId}; completes with its id. */
  Future<String> open(String pageId, String componentId, String name, String body, String actor, String requestId) {
    JsonObject request = new JsonObject().put("page_id", pageId).put("incident", new JsonObject().put("name", name)
      .put("status", "investigating").put("body", body).put("component_ids", new JsonArray().add(componentId)));
    return ask(Services.Incident.CREATE, request, actor, requestId).map(incident -> incident.getString("id"));
  }

  /** Resolves the incident; one a person deleted meanwhile counts as resolved. */
  Future<Void> resolve(String pageId, String incidentId, String body, String actor) {
    JsonObject request = new JsonObject().put("page_id", pageId).put("incident_id", incidentId)
      .put("incident", new JsonObject().put("status", "resolved").put("body", body));
    return ask(Services.Incident.UPDATE, request, actor, null).<Void>mapEmpty()
      .recover(e -> e instanceof ServiceError error && error.status() == 404 ? Future.succeededFuture()
        : Future.failedFuture(e));
  }

  private Future<JsonObject> ask(String action, JsonObject request, String actor, String requestId) {
    DeliveryOptions options = new DeliveryOptions().addHeader(Services.ACTION, action)
      .addHeader(Services.CALLER, actor);
    if (requestId != null) {
      options.addHeader(Services.REQUEST_ID, requestId);
    }
    return vertx.eventBus().<JsonObject>request(Services.Incident.ADDRESS, request, options)
      .transform(ar -> ar.failed() ? Future.failedFuture(ServiceError.from(ar.cause()))
        : Future.succeededFuture(ar.result().body()));
  }
}
