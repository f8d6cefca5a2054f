package io.statuspage.uptime;

import io.statuspage.schedule.Schedule;
import io.statuspage.uptime.UptimeRepository.CheckResult;
import io.statuspage.uptime.UptimeRepository.DailyFigure;
import io.statuspage.uptime.UptimeRepository.Target;
import io.statuspage.uptime.pingdom.Pingdom;
import io.statuspage.uptime.pingdom.PingdomError;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Polls one metric's Pingdom check when its {@link Schedule} work ({@link #KIND}, key the metric id) is due, so with
 * any number of collectors each check is polled by one at a time. The first poll backfills {@code backfillDays} days
 * of hourly buckets (a week per request); later ones fetch yesterday's and today's hours and the results since the
 * last poll, and hourly Pingdom's total over the page's 90 days ({@code summary.average}). The hours are summed into days of the page's time zone (an hour that spans midnight, in a zone such as
 * +05:30, is shared in proportion). Each success upserts the figures per (component, day, source {@code pingdom})
 * with {@code fetched_at}, and schedules the next poll in the same transaction.
 *
 * <p>Pingdom failing never fails the page, only ages its figures: a 429 or a nearly spent window moves the poll to
 * when the window resets; a refused token marks the provider failing (its {@code last_error}, logged once) and tries
 * again after {@code authRetry}; an unknown check is recorded on the metric; a 5xx or no answer fails the work, which
 * the schedule retries after a doubling delay.
 */
final class PingdomPoller {

  static final String KIND = "pingdom.poll";
  static final String SOURCE = "pingdom";
  /** Raw results are kept this long: the longest response chart. */
  static final Duration RESULTS_KEPT = Duration.ofDays(30);
  private static final Logger LOG = LoggerFactory.getLogger(PingdomPoller.class);

  /** How the poller is tuned: {@code pingdom.*} configuration. */
  record Settings(String token, Duration interval, int backfillDays, Duration authRetry, Duration missingRetry) {
  }

  /** The days of the page's bars, over which Pingdom's total ({@code summary.average}) is asked. */
  static final int TOTAL_DAYS = 90;
  /** How often the total is asked: a 90-day figure moves slowly, and each request spends Pingdom's rate limit. */
  static final Duration TOTAL_EVERY = Duration.ofHours(1);
  /** The longest span asked of {@code summary.performance} at hourly resolution in one request. */
  static final Duration HOURS_PER_REQUEST = Duration.ofDays(7);

  private final Pingdom pingdom;
  private final UptimeRepository repository;
  private final Pool pool;
  private final Pages pages;
  private final Clock clock;
  private final Settings settings;

  PingdomPoller(Pingdom pingdom, UptimeRepository repository, Pool pool, Pages pages, Clock clock,
                Settings settings) {
    this.pingdom = pingdom;
    this.repository = repository;
    this.pool = pool;
    this.pages = pages;
    this.clock = clock;
    this.settings = settings;
  }

  /** Schedules a poll, due now, of every metric that has none (first start). */
  Future<Integer> scheduleUnpolled() {
    OffsetDateTime now = Writer.now(clock);
    return pool.withTransaction(tx -> repository.unpolled(tx, KIND).compose(ids -> {
      Future<Void> all = Future.succeededFuture();
      for (String id : ids) {
        all = all.compose(v -> Schedule.at(tx, KIND, id, now));
      }
      return all.map(ids.size());
    }));
  }

  /** The schedule's handler. */
  Future<?> poll(Schedule.Due due) {
    return repository.target(pool, due.key()).compose(target -> {
      // Gone, its provider disabled, or its component deleted: done, no next poll (re-enabling schedules one).
      if (target == null || target.provider().disabled() || !ProviderRow.PINGDOM.equals(target.provider().type())
        || target.metric().componentId() == null) {
        return Future.succeededFuture();
      }
      return fetch(target).recover(e -> failed(target, e));
    });
  }

  private Future<Void> fetch(Target target) {
    return pages.daysZone(target.metric().pageId()).compose(zone -> fetch(target, zone));
  }

  private Future<Void> fetch(Target target, ZoneId zone) {
    OffsetDateTime now = Writer.now(clock);
    boolean backfill = target.metric().backfilledAt() == null;
    LocalDate today = now.toInstant().atZone(zone).toLocalDate();
    Instant from = today.minusDays(backfill ? settings.backfillDays() - 1 : 1).atStartOfDay(zone).toInstant();
    OffsetDateTime lastFetched = target.metric().lastFetchedAt();
    Instant resultsFrom = lastFetched == null || lastFetched.isBefore(now.minusDays(1))
      ? now.minusDays(1).toInstant() : lastFetched.minusMinutes(5).toInstant();
    String token = token(target);
    String check = target.metric().metricIdentifier();
    String component = target.metric().componentId();
    // Pingdom's own total over the 90 days the page shows, whatever this poll fetched.
    Instant totalFrom = today.minusDays(TOTAL_DAYS - 1).atStartOfDay(zone).toInstant();
    return hours(token, check, from, now.toInstant())
      .compose(hours -> pingdom.results(token, check, resultsFrom, now.toInstant(), 1000).map(results -> {
        List<DailyFigure> figures = days(component, hours, zone, now);
        List<CheckResult> rows = results.stream().map(r -> new CheckResult(component, SOURCE,
          OffsetDateTime.ofInstant(r.time(), ZoneOffset.UTC), r.probeId() == null ? "" : r.probeId().toString(),
          r.status() == null ? "unknown" : r.status(), r.responseTime())).toList();
        return new Fetched(figures, rows, null);
      }))
      .compose(fetched -> !backfill && target.totalFetchedAt() != null
        && target.totalFetchedAt().isAfter(now.minus(TOTAL_EVERY)) ? Future.succeededFuture(fetched)
        : pingdom.average(token, check, totalFrom, now.toInstant())
          .map(total -> new Fetched(fetched.figures(), fetched.results(), total)))
      // The metric deleted or unlinked from its deleted component while Pingdom answered: nothing stored, no next poll.
      .compose(fetched -> pool.withTransaction(tx -> repository.lockPage(tx, target.metric().pageId())
        .compose(v -> repository.target(tx, target.metric().id()))
        .compose(still -> still == null || !component.equals(still.metric().componentId())
          ? Future.<Void>succeededFuture()
          : repository.fetched(tx, target, fetched.figures(), fetched.results(), fetched.total(), backfill, now,
              now.minus(RESULTS_KEPT))
            .compose(v -> Schedule.at(tx, KIND, target.metric().id(), now.plus(settings.interval()))))));
  }

  private Future<Void> failed(Target target, Throwable e) {
    OffsetDateTime now = Writer.now(clock);
    String metricId = target.metric().id();
    if (!(e instanceof PingdomError error)) {
      // Our database, say: the schedule retries with backoff.
      return Future.failedFuture(e);
    }
    String reason = "Pingdom check " + target.metric().metricIdentifier() + ": " + error.getMessage();
    return switch (error.kind()) {
      case RATE_LIMITED -> pool.withTransaction(tx -> Schedule.at(tx, KIND, metricId,
        OffsetDateTime.ofInstant(error.retryAt(), ZoneOffset.UTC)));
      case UNAUTHORIZED -> pool.withTransaction(tx -> repository.lockPage(tx, target.metric().pageId())
        .compose(v -> repository.providerFailed(tx, target.provider().id(), error.getMessage(), now))
        .compose(started -> repository.metricFailed(tx, metricId, reason).map(started))
        .compose(started -> Schedule.at(tx, KIND, metricId, now.plus(settings.authRetry())).map(started)))
        .onSuccess(started -> {
          if (started) {
            LOG.warn("Pingdom refuses the API token of metrics provider {}: {}", target.provider().id(),
              error.getMessage());
          }
        }).mapEmpty();
      case CHECK_NOT_FOUND -> pool.withTransaction(tx -> repository.lockPage(tx, target.metric().pageId())
        .compose(v -> repository.metricFailed(tx, metricId, reason))
        .compose(v -> Schedule.at(tx, KIND, metricId, now.plus(settings.missingRetry()))));
      // Recorded for the page to show, then failed so the schedule backs off.
      case UNAVAILABLE -> pool.withTransaction(tx -> repository.lockPage(tx, target.metric().pageId())
        .compose(v -> repository.metricFailed(tx, metricId, reason)))
        .transform(ar -> Future.failedFuture(e));
    };
  }

  /** The hours of [from, to], a request per {@link #HOURS_PER_REQUEST}; a bucket on a boundary is counted once. */
  private Future<Collection<Pingdom.Bucket>> hours(String token, String check, Instant from, Instant to) {
    Map<Instant, Pingdom.Bucket> byStart = new TreeMap<>();
    Future<Void> all = Future.succeededFuture();
    for (Instant start = from; start.isBefore(to); start = start.plus(HOURS_PER_REQUEST)) {
      Instant spanFrom = start;
      Instant spanTo = start.plus(HOURS_PER_REQUEST).isBefore(to) ? start.plus(HOURS_PER_REQUEST) : to;
      all = all.compose(v -> pingdom.hours(token, check, spanFrom, spanTo)
        .map(hours -> {
          hours.forEach(h -> byStart.put(h.start(), h));
          return null;
        }));
    }
    return all.map(v -> byStart.values());
  }

  /**
   * Hourly buckets summed into days of {@code zone}: seconds up, down and unknown, uptime = up / (up + down), and the
   * average response weighted by the seconds up. An hour across midnight is shared in proportion.
   */
  static List<DailyFigure> days(String componentId, Collection<Pingdom.Bucket> hours, ZoneId zone,
                                OffsetDateTime fetchedAt) {
    Map<LocalDate, double[]> sums = new TreeMap<>();
    for (Pingdom.Bucket hour : hours) {
      Instant start = hour.start();
      Instant end = start.plus(Duration.ofHours(1));
      while (start.isBefore(end)) {
        LocalDate day = start.atZone(zone).toLocalDate();
        Instant midnight = day.plusDays(1).atStartOfDay(zone).toInstant();
        Instant partEnd = midnight.isBefore(end) ? midnight : end;
        double share = Duration.between(start, partEnd).getSeconds() / 3600.0;
        double[] s = sums.computeIfAbsent(day, d -> new double[5]);
        s[0] += hour.up() * share;
        s[1] += hour.down() * share;
        s[2] += hour.unmonitored() * share;
        if (hour.avgResponse() != null && hour.up() > 0) {
          s[3] += hour.avgResponse() * hour.up() * share;
          s[4] += hour.up() * share;
        }
        start = partEnd;
      }
    }
    List<DailyFigure> days = new ArrayList<>();
    sums.forEach((day, s) -> {
      long up = Math.round(s[0]);
      long down = Math.round(s[1]);
      days.add(new DailyFigure(componentId, day, SOURCE, up, down, Math.round(s[2]), Pingdom.Uptime.percent(up, down),
        s[4] > 0 ? (int) Math.round(s[3] / s[4]) : null, fetchedAt));
    });
    return days;
  }

  /** The provider's own token, else the configured one. */
  private String token(Target target) {
    return target.provider().apiToken() != null ? target.provider().apiToken() : settings.token();
  }

  private record Fetched(List<DailyFigure> figures, List<CheckResult> results, Pingdom.Average total) {
  }
}
