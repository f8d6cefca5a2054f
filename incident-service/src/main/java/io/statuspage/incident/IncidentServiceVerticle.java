package io.statuspage.incident;

import io.statuspage.bus.Services;
import io.statuspage.incident.IncidentRepository.Selection;
import io.statuspage.incident.MaintenanceWork.Kind;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.Outage;
import io.statuspage.runtime.ServiceVerticle;
import io.statuspage.schedule.Schedule;
import io.statuspage.write.HandledRequests;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * incident-service: schema {@code incident}; answers the actions of {@link Services.Incident}, runs scheduled
 * maintenance's automatic work from the durable {@link Schedule}, and relays its outbox to
 * {@link Services.Incident#EVENTS} and the notifier. Pages and components belong to component-service, asked over the
 * bus.
 */
public final class IncidentServiceVerticle extends ServiceVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(IncidentServiceVerticle.class);
  private static final Duration RECOVER_INTERVAL = Duration.ofSeconds(10);
  private static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

  /** How incident-service reaches the components: component-service, or a stand-in in tests. */
  interface Components {
    AffectedComponents create(Vertx vertx, Pool pool, Clock clock);
  }

  private final Clock clock;
  private final Components components;
  private final Schedule.Options scheduleOptions;
  private IncidentService service;
  private Schedule schedule;

  public IncidentServiceVerticle(Config config, Health health, Clock clock) {
    this(config, health, clock, ComponentChanges::create, new Schedule.Options());
  }

  /** With another way to reach the components, and other schedule timings (tests). */
  IncidentServiceVerticle(Config config, Health health, Clock clock, Components components,
                          Schedule.Options scheduleOptions) {
    super(config, health, Spec.of("incident-service", "incident", Services.Incident.ADDRESS)
      .withOutbox(Services.Incident.EVENTS, Services.Notifier.INBOX));
    this.clock = clock;
    this.components = components;
    this.scheduleOptions = scheduleOptions;
  }

  /** The service, for tests; null until started. */
  IncidentService service() {
    return service;
  }

  /** The schedule of maintenance work, for tests; null until started. */
  Schedule schedule() {
    return schedule;
  }

  @Override
  protected Future<?> wire() {
    Pages pages = new Pages(vertx);
    AffectedComponents affected = components.create(vertx, pool(), clock);
    service = new IncidentService(new IncidentRepository(), pool(), outbox(), clock, pages, affected);
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

    // Each piece of work once across all instances; the request id makes a repeated run (a lost lease) a no-op.
    schedule = Schedule.create(vertx, pool(), clock, scheduleOptions)
      .on(Kind.REMIND.work(), due -> service.remind(due.key(), due.requestId()))
      .on(Kind.START.work(), due -> service.start(due.key(), due.requestId()))
      .on(Kind.COMPLETE.work(), due -> service.complete(due.key(), due.requestId()));
    onStop(schedule::stop);
    // Work scheduled by any instance may be due sooner than this one's next poll: its events say something changed.
    vertx.eventBus().consumer(Services.Incident.EVENTS, message -> schedule.kick());

    // A page's time zone or URL may have changed: ask again next time.
    vertx.eventBus().<JsonObject>consumer(Services.Component.EVENTS, message -> {
      JsonObject data = message.body() == null ? null : message.body().getJsonObject("data");
      if (data != null && "page".equals(data.getString("kind"))) {
        pages.forget();
      }
    });
    // Any instance finishes the compensations a dead or cut-off instance left pending.
    if (affected instanceof ComponentChanges changes) {
      periodic(RECOVER_INTERVAL, id -> changes.recover()
        .onFailure(e -> LOG.warn("Could not recover component changes: {}", Outage.reason(e))));
      periodic(PRUNE_INTERVAL, id -> changes.prune()
        .onFailure(e -> LOG.warn("Could not prune component changes: {}", Outage.reason(e))));
    }
    periodic(PRUNE_INTERVAL, id -> HandledRequests.prune(pool(), Writer.now(clock))
      .onFailure(e -> LOG.warn("Could not prune handled requests: {}", Outage.reason(e))));
    schedule.start();
    return Future.succeededFuture();
  }
}
