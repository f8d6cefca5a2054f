package io.statuspage.component;

import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.Ids;
import io.statuspage.runtime.Outage;
import io.statuspage.runtime.ServiceVerticle;
import io.statuspage.write.HandledRequests;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * component-service: schema {@code component}; makes sure the page exists, answers the actions of
 * {@link Services.Component} and relays its outbox to {@link Services.Component#EVENTS} and the notifier.
 */
public final class ComponentServiceVerticle extends ServiceVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(ComponentServiceVerticle.class);
  private static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

  private final Clock clock;

  public ComponentServiceVerticle(Config config, Health health, Clock clock) {
    super(config, health, Spec.of("component-service", "component", Services.Component.ADDRESS).withPoolSize(8)
      .withOutbox(Services.Component.EVENTS, Services.Notifier.INBOX));
    this.clock = clock;
  }

  @Override
  protected Future<?> wire() {
    ComponentService service = new ComponentService(new ComponentRepository(), pool(), outbox(), clock);
    endpoint()
      .on(Services.Component.PAGE_LIST, r -> service.listPages(r.body()))
      .on(Services.Component.PAGE_GET, r -> service.getPage(r.body()))
      .on(Services.Component.PAGE_UPDATE, r -> service.updatePage(r.body()))
      .on(Services.Component.SNAPSHOT, r -> service.snapshot(r.body()))
      .on(Services.Component.LIST, r -> service.listComponents(r.body()))
      .on(Services.Component.GET, r -> service.getComponent(r.body()))
      .on(Services.Component.CREATE, r -> service.createComponent(r.body(), r.caller(), r.requestId()))
      .on(Services.Component.UPDATE, r -> service.updateComponent(r.body(), r.caller()))
      .on(Services.Component.DELETE, r -> service.deleteComponent(r.body()))
      .on(Services.Component.STATUSES_APPLY, r -> service.applyStatuses(r.body(), r.caller(), r.requestId()))
      .on(Services.Component.STATUS_AUTOMATIC, r -> service.automaticStatus(r.body(), r.requestId()))
      .on(Services.Component.HISTORY, r -> service.history(r.body()))
      .on(Services.Component.GROUP_LIST, r -> service.listGroups(r.body()))
      .on(Services.Component.GROUP_GET, r -> service.getGroup(r.body()))
      .on(Services.Component.GROUP_CREATE, r -> service.createGroup(r.body(), r.requestId()))
      .on(Services.Component.GROUP_UPDATE, r -> service.updateGroup(r.body()))
      .on(Services.Component.GROUP_DELETE, r -> service.deleteGroup(r.body()));
    // Any instance may prune; a row is only needed while a gateway may still retry its key.
    periodic(PRUNE_INTERVAL, id -> HandledRequests.prune(pool(), Writer.now(clock))
      .onFailure(e -> LOG.warn("Could not prune handled requests: {}", Outage.reason(e))));
    // Before the endpoint answers: every action needs the page.
    return service.ensurePage(bootstrapPage());
  }

  /** The page created on first start; several instances may propose one, exactly one is stored. */
  private PageRow bootstrapPage() {
    Config config = configuration();
    String timeZone = config.get("page.timezone", "Etc/UTC");
    if (!ZoneId.getAvailableZoneIds().contains(timeZone)) {
      throw new IllegalArgumentException("Configuration page.timezone is not an IANA time zone: " + timeZone);
    }
    OffsetDateTime now = Writer.now(clock);
    return new PageRow(config.get("page.id").orElseGet(Ids::newId), config.get("page.name", "Platform"), null,
      config.get("page.url", "http://localhost:" + config.getInt("http.port", 8080)), timeZone, now, now);
  }
}
