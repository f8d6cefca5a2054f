package io.statuspage.component;

import io.statuspage.bus.Endpoint;
import io.statuspage.bus.Outbox;
import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Database;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.Ids;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * component-service: migrates schema {@code component}, makes sure the page exists, answers the actions of
 * {@link Services.Component} on the event bus and relays its outbox to {@link Services.Component#EVENTS}.
 */
public final class ComponentServiceVerticle extends VerticleBase {

  private static final String SCHEMA = "component";

  private final Config config;
  private final Health health;
  private final Clock clock;
  private Pool pool;
  private Outbox outbox;
  private Endpoint endpoint;

  public ComponentServiceVerticle(Config config, Health health, Clock clock) {
    this.config = config;
    this.health = health;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    return Database.open(vertx, config, SCHEMA, 8)
      .compose(opened -> {
        pool = opened;
        outbox = Outbox.create(vertx, pool, Services.Component.EVENTS);
        ComponentService service = new ComponentService(new ComponentRepository(), pool, outbox, clock);
        endpoint = endpoint(service).ping("component-service", () -> pool.query("SELECT 1").execute());
        return service.ensurePage(bootstrapPage()).compose(page -> endpoint.start());
      })
      .map(v -> {
        outbox.start(Duration.ofSeconds(5));
        health.readiness("component-service", endpoint::health);
        return v;
      });
  }

  @Override
  public Future<?> stop() {
    if (outbox != null) {
      outbox.stop();
    }
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  private Endpoint endpoint(ComponentService service) {
    return Endpoint.create(vertx, Services.Component.ADDRESS)
      .on(Services.Component.PAGE_LIST, r -> service.listPages(r.body()))
      .on(Services.Component.PAGE_GET, r -> service.getPage(r.body()))
      .on(Services.Component.PAGE_UPDATE, r -> service.updatePage(r.body()))
      .on(Services.Component.SNAPSHOT, r -> service.snapshot(r.body()))
      .on(Services.Component.LIST, r -> service.listComponents(r.body()))
      .on(Services.Component.GET, r -> service.getComponent(r.body()))
      .on(Services.Component.CREATE, r -> service.createComponent(r.body(), r.caller()))
      .on(Services.Component.UPDATE, r -> service.updateComponent(r.body(), r.caller()))
      .on(Services.Component.DELETE, r -> service.deleteComponent(r.body()))
      .on(Services.Component.HISTORY, r -> service.history(r.body()))
      .on(Services.Component.GROUP_LIST, r -> service.listGroups(r.body()))
      .on(Services.Component.GROUP_GET, r -> service.getGroup(r.body()))
      .on(Services.Component.GROUP_CREATE, r -> service.createGroup(r.body()))
      .on(Services.Component.GROUP_UPDATE, r -> service.updateGroup(r.body()))
      .on(Services.Component.GROUP_DELETE, r -> service.deleteGroup(r.body()));
  }

  /** The page created on first start; several instances may propose one, exactly one is stored. */
  private PageRow bootstrapPage() {
    String timeZone = config.get("page.timezone", "Etc/UTC");
    if (!ZoneId.getAvailableZoneIds().contains(timeZone)) {
      throw new IllegalArgumentException("Configuration page.timezone is not an IANA time zone: " + timeZone);
    }
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    return new PageRow(config.get("page.id").orElseGet(Ids::newId), config.get("page.name", "Platform"), null,
      config.get("page.url", "http://localhost:" + config.getInt("http.port", 8080)), timeZone, now, now);
  }
}
