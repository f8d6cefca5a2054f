package io.statuspage.uptime;

import io.statuspage.bus.Outbox;
import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.statuspage.bus.messages.ComponentChanged;
import io.statuspage.runtime.Outage;
import io.statuspage.schedule.Schedule;
import io.statuspage.uptime.UptimeRepository.Monitored;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A component deleted in component-service stops being probed, judged and fed here: {@link #forget} deletes its
 * probes (cancelling their runs) and its status rule, unlinks its metrics (they are the page's, and stay) and deletes
 * its figures and results, in one transaction under the page's lock.
 *
 * <p>Two ways to learn of it. {@link #onEvent}: component-service's {@code component.changed} (action
 * {@code deleted}), which reaches the collector only on the fire-and-forget topic, so it is missed while no collector
 * runs. Hence the sweep ({@link #sweep}, durable schedule {@link #KIND}, one row): at every collector start, when
 * missed events matter, and then every {@code uptime.deleted.interval}, it asks component-service about each
 * component that something here acts on. That is two small reads (its page, then it) per monitored component per
 * interval, far fewer than asking on every probe run, and it also covers probes without a rule (which never ask
 * component-service anything) and Pingdom metrics. Becoming a durable consumer of component-service's outbox would
 * need no sweep, but would make component-service keep events for a consumer that may not be deployed at all.
 *
 * <p>Both are idempotent: a repeated event, or two collectors forgetting the same component, remove nothing twice.
 */
final class DeletedComponents {

  static final String KIND = "components.deleted";
  static final String KEY = "sweep";
  private static final Logger LOG = LoggerFactory.getLogger(DeletedComponents.class);

  private final UptimeRepository repository;
  private final Pool pool;
  private final Outbox outbox;
  private final Pages pages;
  private final Clock clock;
  private final Duration interval;
  private final Outage outage = Outage.of("component-service (deleted components)", LOG);

  DeletedComponents(UptimeRepository repository, Pool pool, Outbox outbox, Pages pages, Clock clock,
                    Duration interval) {
    this.repository = repository;
    this.pool = pool;
    this.outbox = outbox;
    this.pages = pages;
    this.clock = clock;
    this.interval = interval;
  }

  /** A {@code component.changed} event's envelope: a deleted component is forgotten; anything else is not ours. */
  void onEvent(JsonObject event) {
    JsonObject data = event == null ? null : event.getJsonObject("data");
    if (data == null || !"component".equals(data.getString("kind")) || !"deleted".equals(data.getString("action"))) {
      return;
    }
    ComponentChanged changed = data.mapTo(ComponentChanged.class);
    forget(changed.pageId(), changed.id()).onFailure(e -> LOG.warn("Could not forget deleted component {}; the sweep "
      + "will: {}", changed.id(), Outage.reason(e)));
  }

  /** Schedules a sweep now (at start: events may have been missed while no collector ran). */
  Future<Void> sweepNow() {
    return pool.withTransaction(tx -> Schedule.at(tx, KIND, KEY, Writer.now(clock)));
  }

  /**
   * The schedule's handler: forgets each monitored component that component-service no longer has, then schedules
   * the next sweep. A component component-service cannot answer about is kept for the next sweep.
   */
  Future<?> sweep(Schedule.Due due) {
    return pool.withConnection(repository::monitored)
      .compose(this::forgetGone)
      .compose(n -> pool.withTransaction(tx -> Schedule.at(tx, KIND, KEY, Writer.now(clock).plus(interval))));
  }

  /**
   * In one transaction under the page's lock (as configuration writes and results take it): the component's probes
   * and their runs, its rule, its metrics' link and polls, its figures and results. Appends
   * {@link Services.Uptime#CHANGED} when it removed anything, so the gateways drop its figures.
   */
  Future<UptimeRepository.Forgotten> forget(String pageId, String componentId) {
    return pool.withTransaction(tx -> repository.lockPage(tx, pageId)
        .compose(v -> repository.forgetComponent(tx, pageId, componentId, Writer.now(clock)))
        .compose(forgotten -> {
          Future<Void> done = Future.succeededFuture();
          for (String probe : forgotten.probes()) {
            done = done.compose(v -> Schedule.cancel(tx, ProbesService.KIND, probe));
          }
          for (String metric : forgotten.metrics()) {
            done = done.compose(v -> Schedule.cancel(tx, PingdomPoller.KIND, metric));
          }
          return (forgotten.any() ? done.compose(v -> Outbox.append(tx, Services.Uptime.CHANGED, new JsonObject()
            .put("page_id", pageId).put("kind", "component").put("id", componentId).put("action", "deleted")))
            : done).map(forgotten);
        }))
      .onSuccess(forgotten -> {
        if (forgotten.any()) {
          LOG.info("Component {} of page {} was deleted: removed its {} probes{}, unlinked {} metrics", componentId,
            pageId, forgotten.probes().size(), forgotten.rule() ? " and status rule" : "", forgotten.metrics().size());
          outbox.kick();
        }
      });
  }

  /** One component after the other, so component-service gets one question at a time: how many were forgotten. */
  private Future<Integer> forgetGone(List<Monitored> monitored) {
    Future<Integer> forgotten = Future.succeededFuture(0);
    for (Monitored m : monitored) {
      forgotten = forgotten.compose(n -> gone(m)
        .onSuccess(known -> outage.succeeded())
        .recover(e -> {
          outage.failed(Outage.reason(e) + "; component " + m.componentId() + " is kept until it answers");
          return Future.succeededFuture(false);
        })
        .compose(gone -> gone ? forget(m.pageId(), m.componentId()).map(n + 1) : Future.succeededFuture(n)));
    }
    return forgotten;
  }

  /**
   * Whether component-service says the component is deleted: its page answers and the component is a 404 (ids are
   * never reused). Asking the page first means a component-service on another database deletes nothing here.
   */
  private Future<Boolean> gone(Monitored m) {
    return pages.zone(m.pageId()).compose(zone -> pages.existing(m.pageId(), m.componentId()).map(false)
      .recover(e -> e instanceof ServiceError error && error.status() == 404 ? Future.succeededFuture(true)
        : Future.failedFuture(e)));
  }
}
