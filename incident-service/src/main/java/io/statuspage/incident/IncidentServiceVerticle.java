package io.statuspage.incident;

import io.statuspage.bus.Services;
import io.statuspage.bus.messages.IncidentsPart;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.ServiceVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Incidents and scheduled maintenance (schema {@code incident}); its outbox is relayed to
 * {@link Services.Incident#EVENTS} and the notifier. Until incidents arrive it answers the gateway's snapshot request
 * with an empty {@link IncidentsPart}, so the public page's incident and maintenance sections are wired end to end.
 */
public final class IncidentServiceVerticle extends ServiceVerticle {

  public IncidentServiceVerticle(Config config, Health health) {
    super(config, health, Spec.of("incident-service", "incident", Services.Incident.ADDRESS)
      .withOutbox(Services.Incident.EVENTS, Services.Notifier.INBOX));
  }

  @Override
  protected Future<?> wire() {
    endpoint().on(Services.Incident.SNAPSHOT,
      request -> Future.succeededFuture(JsonObject.mapFrom(IncidentsPart.none())));
    return Future.succeededFuture();
  }
}
