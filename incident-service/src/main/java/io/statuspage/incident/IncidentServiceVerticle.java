package io.statuspage.incident;

import io.statuspage.bus.Services;
import io.statuspage.incident.IncidentRepository.Selection;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.Outage;
import io.statuspage.runtime.ServiceVerticle;
import io.statuspage.write.HandledRequests;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * incident-service: schema {@code incident}; answers the actions of {@link Services.Incident} and relays its outbox
 * to {@link Services.Incident#EVENTS} and the notifier. Pages and components belong to component-service, asked over
 * the bus.
 */
public final class IncidentServiceVerticle extends ServiceVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(IncidentServiceVerticle.class);
  private static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

  private final Clock clock;
  private final Function<Vertx, AffectedComponents> components;
  private IncidentService service;

  public IncidentServiceVerticle(Config config, Health health, Clock clock) {
    this(config, health, clock, ComponentServiceStatuses::new);
  }

  /** With another way to reach the components (tests). */
  IncidentServiceVerticle(Config config, Health health, Clock clock, Function<Vertx, AffectedComponents> components) {
    super(config, health, Spec.of("incident-service", "incident", Services.Incident.ADDRESS)
      .withOutbox(Services.Incident.EVENTS, Services.Notifier.INBOX));
    this.clock = clock;
    this.components = components;
  }

  /** The service, for the scheduler's calls ({@link IncidentService#start} and the others); null until started. */
  public IncidentService service() {
    return service;
  }

  @Override
  protected Future<?> wire() {
    Pages pages = new Pages(vertx);
    IncidentService service = new IncidentService(new IncidentRepository(), pool(), outbox(), clock, pages,
      components.apply(vertx));
    this.service = service;
    endpoint()
      .on(Services.Incident.SNAPSHOT, r -> service.snapshot(r.body()))
      .on(Services.Incident.LIST, r -> service.list(r.body()))
      .on(Services.Incident.UNRESOLVED, r -> service.list(r.body(), Selection.UNRESOLVED))
      .on(Services.Incident.UPCOMING, r -> service.list(r.body(), Selection.UPCOMING))
      .on(Services.Incident.SCHEDULED, r -> service.list(r.body(), Selection.SCHEDULED))
      .on(Services.Incident.ACTIVE_MAINTENANCE, r -> service.list(r.body(), Selection.ACTIVE_MAINTENANCE))
      .on(Services.Incident.CREATE, r -> service.create(r.body(), r.caller(), r.requestId()))
      .on(Services.Incident.GET, r -> service.get(r.body()))
      .on(Services.Incident.UPDATE, r -> service.update(r.body(), r.caller()))
      .on(Services.Incident.DELETE, r -> service.delete(r.body()))
      .on(Services.Incident.UPDATE_EDIT, r -> service.editUpdate(r.body()))
      .on(Services.Incident.TEMPLATE_LIST, r -> service.listTemplates(r.body()))
      .on(Services.Incident.TEMPLATE_CREATE, r -> service.createTemplate(r.body(), r.requestId()))
      .on(Services.Incident.POSTMORTEM_GET, r -> service.getPostmortem(r.body()))
      .on(Services.Incident.POSTMORTEM_PUT, r -> service.putPostmortem(r.body()))
      .on(Services.Incident.POSTMORTEM_DELETE, r -> service.deletePostmortem(r.body()))
      .on(Services.Incident.POSTMORTEM_PUBLISH, r -> service.publishPostmortem(r.body()))
      .on(Services.Incident.POSTMORTEM_REVERT, r -> service.revertPostmortem(r.body()));
    // A page's time zone or URL may have changed: ask again next time.
    vertx.eventBus().<JsonObject>consumer(Services.Component.EVENTS, message -> {
      JsonObject data = message.body() == null ? null : message.body().getJsonObject("data");
      if (data != null && "page".equals(data.getString("kind"))) {
        pages.forget();
      }
    });
    periodic(PRUNE_INTERVAL, id -> HandledRequests.prune(pool(), Writer.now(clock))
      .onFailure(e -> LOG.warn("Could not prune handled requests: {}", Outage.reason(e))));
    return Future.succeededFuture();
  }
}
