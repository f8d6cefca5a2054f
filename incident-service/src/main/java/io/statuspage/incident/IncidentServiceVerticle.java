package io.statuspage.incident;

import io.statuspage.bus.Services;
import io.statuspage.bus.messages.IncidentsPart;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.Outage;
import io.statuspage.runtime.ServiceVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Incidents and scheduled maintenance (schema {@code incident}); its outbox is relayed to
 * {@link Services.Incident#EVENTS} and the notifier. Until incidents arrive it answers the gateway's snapshot request
 * with an empty {@link IncidentsPart}, so the public page's incident and maintenance sections are wired end to end.
 */
public final class IncidentServiceVerticle extends ServiceVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(IncidentServiceVerticle.class);
  private static final Duration RECOVER_INTERVAL = Duration.ofSeconds(10);
  private static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

  public IncidentServiceVerticle(Config config, Health health) {
    super(config, health, Spec.of("incident-service", "incident", Services.Incident.ADDRESS)
      .withOutbox(Services.Incident.EVENTS, Services.Notifier.INBOX));
  }

  @Override
  protected Future<?> wire() {
    // Any instance finishes the compensations a dead or cut-off instance left pending (ComponentChanges.recover).
    ComponentChanges componentChanges = ComponentChanges.create(vertx, pool(), Clock.systemUTC());
    periodic(RECOVER_INTERVAL, id -> componentChanges.recover()
      .onFailure(e -> LOG.warn("Could not recover component changes: {}", Outage.reason(e))));
    periodic(PRUNE_INTERVAL, id -> componentChanges.prune()
      .onFailure(e -> LOG.warn("Could not prune component changes: {}", Outage.reason(e))));
    endpoint().on(Services.Incident.SNAPSHOT,
      request -> Future.succeededFuture(JsonObject.mapFrom(IncidentsPart.none())));
    return Future.succeededFuture();
  }
}
