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
import java.time.ZoneOffset;
import java.util.List;

/**
 * Polls one metric's Pingdom check when its {@link Schedule} work ({@link #KIND}, key the metric id) is due, so with
 * any number of collectors each check is polled by one at a time. The first poll backfills {@code backfillDays} daily
 * buckets; later ones fetch yesterday's and today's buckets and the results since the last poll. Each success
 * upserts the figures per (component, UTC day, source {@code pingdom}) with {@code fetched_at}, and schedules the next
 * poll in the same transaction.
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

  private final Pingdom pingdom;
  private final UptimeRepository repository;
  private final Pool pool;
  private final Clock clock;
  private final Settings settings;

  PingdomPoller(Pingdom pingdom, UptimeRepository repository, Pool pool, Clock clock, Settings settings) {
    this.pingdom = pingdom;
    this.repository = repository;
    this.pool = pool;
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
    OffsetDateTime now = Writer.now(clock);
    boolean backfill = target.metric().backfilledAt() == null;
    LocalDate today = now.toLocalDate();
    Instant from = today.minusDays(backfill ? settings.backfillDays() - 1 : 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    OffsetDateTime lastFetched = target.metric().lastFetchedAt();
    Instant resultsFrom = lastFetched == null || lastFetched.isBefore(now.minusDays(1))
      ? now.minusDays(1).toInstant() : lastFetched.minusMinutes(5).toInstant();
    String token = token(target);
    String check = target.metric().metricIdentifier();
    String component = target.metric().componentId();
    return pingdom.days(token, check, from, now.toInstant())
      .compose(days -> pingdom.results(token, check, resultsFrom, now.toInstant(), 1000).map(results -> {
        List<DailyFigure> figures = days.stream().map(d -> new DailyFigure(component,
          LocalDate.ofInstant(d.start(), ZoneOffset.UTC), SOURCE, d.up(), d.down(), d.unmonitored(), d.uptimePercent(),
          d.avgResponse(), now)).toList();
        List<CheckResult> rows = results.stream().map(r -> new CheckResult(component, SOURCE,
          OffsetDateTime.ofInstant(r.time(), ZoneOffset.UTC), r.probeId() == null ? "" : r.probeId().toString(),
          r.status() == null ? "unknown" : r.status(), r.responseTime())).toList();
        return new Fetched(figures, rows);
      }))
      // The metric deleted or unlinked from its deleted component while Pingdom answered: nothing stored, no next poll.
      .compose(fetched -> pool.withTransaction(tx -> repository.lockPage(tx, target.metric().pageId())
        .compose(v -> repository.target(tx, target.metric().id()))
        .compose(still -> still == null || !component.equals(still.metric().componentId())
          ? Future.<Void>succeededFuture()
          : repository.fetched(tx, target, fetched.figures(), fetched.results(), backfill, now, now.minus(RESULTS_KEPT))
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

  /** The provider's own token, else the configured one. */
  private String token(Target target) {
    return target.provider().apiToken() != null ? target.provider().apiToken() : settings.token();
  }

  private record Fetched(List<DailyFigure> figures, List<CheckResult> results) {
  }
}
