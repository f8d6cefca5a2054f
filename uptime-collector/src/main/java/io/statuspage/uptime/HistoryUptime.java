package io.statuspage.uptime;

import io.statuspage.bus.Services;
import io.statuspage.runtime.Outage;
import io.statuspage.schedule.Schedule;
import io.statuspage.uptime.UptimeRepository.DailyFigure;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Daily figures from the components' status history (source {@code history}, {@link StatusHistory}), for the days no
 * probe or Pingdom check measured a component. Work in the durable schedule ({@link #KIND}, one row for all pages),
 * run at start and then every {@code uptime.history.interval}: on the schedule rather than on component events,
 * because events reach the collector only on a fire-and-forget topic (missed while it is down, and an outage day is
 * exactly when it may be), while the schedule recomputes from component-service's record whatever was missed, and
 * with several collectors one runs it at a time. The cost is that today's bar lags a status change by up to the
 * interval; the status itself is on the page in words at once.
 */
final class HistoryUptime {

  static final String KIND = "history.uptime";
  static final String KEY = "pages";
  /** 90 days in any zone, and the day before (its figures are corrected once the history is complete). */
  static final int DAYS = 91;
  private static final int PAGE_SIZE = 100;
  private static final Duration RETRY = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(HistoryUptime.class);

  private final Pages pages;
  private final UptimeRepository repository;
  private final Pool pool;
  private final Clock clock;
  private final Duration interval;
  private final Outage outage = Outage.of("component-service (status history for uptime)", LOG);

  HistoryUptime(Pages pages, UptimeRepository repository, Pool pool, Clock clock, Duration interval) {
    this.pages = pages;
    this.repository = repository;
    this.pool = pool;
    this.clock = clock;
    this.interval = interval;
  }

  /** Schedules the first run now unless one is scheduled (start). */
  Future<Void> scheduleFirst() {
    return pool.withTransaction(tx -> repository.scheduled(tx, KIND)
      .compose(known -> known ? Future.succeededFuture() : Schedule.at(tx, KIND, KEY, Writer.now(clock))));
  }

  /**
   * The schedule's handler: every page's components, then the next run. While component-service cannot answer the
   * figures stay as they are and the next run comes sooner (a minute, or the interval if shorter); the run itself
   * succeeds, so this one recurring row never collects backoff.
   */
  Future<?> run(Schedule.Due due) {
    return compute().compose(figures -> pool.withTransaction(tx -> repository.saveFigures(tx, figures)
        .compose(v -> Schedule.at(tx, KIND, KEY, Writer.now(clock).plus(interval)))))
      .recover(e -> {
        outage.failed(Outage.reason(e) + "; the status history's figures are kept as they are");
        Duration retry = interval.compareTo(RETRY) < 0 ? interval : RETRY;
        return pool.withTransaction(tx -> Schedule.at(tx, KIND, KEY, Writer.now(clock).plus(retry)));
      })
      .onSuccess(v -> outage.succeeded());
  }

  /** Every page's components' figures, as of now. */
  Future<List<DailyFigure>> compute() {
    OffsetDateTime now = Writer.now(clock);
    return pages.all().compose(all -> {
      Future<List<DailyFigure>> figures = Future.succeededFuture(new ArrayList<>());
      for (int i = 0; i < all.size(); i++) {
        JsonObject page = all.getJsonObject(i);
        figures = figures.compose(done -> page(page, now).map(more -> {
          done.addAll(more);
          return done;
        }));
      }
      return figures;
    });
  }

  private Future<List<DailyFigure>> page(JsonObject page, OffsetDateTime now) {
    String pageId = page.getString("id");
    ZoneId zone = Pages.zoneOf(page);
    LocalDate first = now.toInstant().atZone(zone).toLocalDate().minusDays(DAYS - 1);
    Instant windowStart = first.atStartOfDay(zone).toInstant();
    return components(pageId, 1, new ArrayList<>()).compose(components -> {
      Future<List<DailyFigure>> figures = Future.succeededFuture(new ArrayList<>());
      for (JsonObject c : components) {
        figures = figures.compose(done -> history(pageId, c.getString("id"), windowStart, 1, new ArrayList<>())
          .map(changes -> {
            done.addAll(StatusHistory.days(c.getString("id"), changes(c, changes, windowStart), zone, first,
              now.toInstant(), now));
            return done;
          }));
      }
      return figures;
    });
  }

  private Future<List<JsonObject>> components(String pageId, int number, List<JsonObject> so) {
    return pages.list(Services.Component.LIST, new JsonObject().put("page_id", pageId).put("page", number)
      .put("per_page", PAGE_SIZE)).compose(batch -> {
        batch.forEach(c -> so.add((JsonObject) c));
        return batch.size() < PAGE_SIZE ? Future.succeededFuture(so) : components(pageId, number + 1, so);
      });
  }

  /** The changes newest first, back to the first one before the window (the status the window starts with). */
  private Future<List<JsonObject>> history(String pageId, String id, Instant windowStart, int number,
                                           List<JsonObject> so) {
    return pages.list(Services.Component.HISTORY, new JsonObject().put("page_id", pageId).put("component_id", id)
      .put("page", number).put("per_page", PAGE_SIZE)).compose(batch -> {
        for (int i = 0; i < batch.size(); i++) {
          JsonObject change = batch.getJsonObject(i);
          so.add(change);
          if (at(change).isBefore(windowStart)) {
            return Future.succeededFuture(so);
          }
        }
        return batch.size() < PAGE_SIZE ? Future.succeededFuture(so) : history(pageId, id, windowStart, number + 1, so);
      });
  }

  /**
   * Oldest first, starting with the status the component had when it was created or when the window starts: a
   * component with no recorded change has had its current status since its creation.
   */
  static List<StatusHistory.Change> changes(JsonObject component, List<JsonObject> newestFirst, Instant windowStart) {
    List<StatusHistory.Change> out = new ArrayList<>();
    Instant created = component.getString("created_at") == null ? windowStart
      : OffsetDateTime.parse(component.getString("created_at")).toInstant();
    List<JsonObject> oldestFirst = new ArrayList<>(newestFirst);
    Collections.reverse(oldestFirst);
    if (oldestFirst.isEmpty()) {
      out.add(new StatusHistory.Change(created, component.getString("status")));
      return out;
    }
    JsonObject earliest = oldestFirst.get(0);
    if (earliest.getString("old_status") != null && created.isBefore(at(earliest))) {
      out.add(new StatusHistory.Change(created, earliest.getString("old_status")));
    }
    oldestFirst.forEach(c -> out.add(new StatusHistory.Change(at(c), c.getString("new_status"))));
    return out;
  }

  private static Instant at(JsonObject change) {
    return OffsetDateTime.parse(change.getString("created_at")).toInstant();
  }
}
