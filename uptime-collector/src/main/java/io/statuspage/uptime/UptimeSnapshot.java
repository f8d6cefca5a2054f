package io.statuspage.uptime;

import io.statuspage.api.model.MetricDataPoint;
import io.statuspage.api.model.ResponseTimes;
import io.statuspage.api.model.UptimeComponent;
import io.statuspage.api.model.UptimeDay;
import io.statuspage.api.model.UptimeMetric;
import io.statuspage.bus.messages.UptimePart;
import io.statuspage.uptime.UptimeRepository.Bucket;
import io.statuspage.uptime.UptimeRepository.DailyFigure;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The gateways' {@link UptimePart}: per component, the best figure of each of the last {@link #DATES} dates (Pingdom,
 * then probes, then the status history: a measurement beats an inference), its response series, and Pingdom's
 * 90-day total when a check feeds it; the custom metrics' series. Read-only, a handful of grouped queries whatever the number of components.
 */
final class UptimeSnapshot {

  /** 90 days in the page's zone always fall within the last 92 UTC dates. */
  static final int DATES = 92;
  /** The three charts: 24 hours hourly, 7 days 4-hourly, 30 days daily. */
  static final Duration DAY = Duration.ofHours(24);
  static final Duration WEEK = Duration.ofDays(7);
  static final Duration MONTH = Duration.ofDays(30);
  static final long HOURLY = 3600;
  static final long FOUR_HOURLY = 4 * 3600;
  static final long DAILY = 24 * 3600;

  private static final List<String> PREFERENCE = List.of("pingdom", "probe", "history");

  private final UptimeRepository repository;
  private final Pool pool;
  private final Clock clock;

  UptimeSnapshot(UptimeRepository repository, Pool pool, Clock clock) {
    this.repository = repository;
    this.pool = pool;
    this.clock = clock;
  }

  Future<JsonObject> snapshot(JsonObject ignored) {
    OffsetDateTime now = Writer.now(clock);
    Future<List<DailyFigure>> figures = repository.figuresSince(pool, now.toLocalDate().minusDays(DATES - 1));
    Future<List<Bucket>> day = repository.responses(pool, now.minus(DAY), HOURLY);
    Future<List<Bucket>> week = repository.responses(pool, now.minus(WEEK), FOUR_HOURLY);
    Future<List<Bucket>> month = repository.responses(pool, now.minus(MONTH), DAILY);
    Future<List<MetricRow>> metrics = repository.customMetrics(pool);
    Future<Map<String, Double>> totals = repository.pingdomTotals(pool);
    Future<List<Bucket>> mDay = repository.metricValues(pool, now.minus(DAY), HOURLY);
    Future<List<Bucket>> mWeek = repository.metricValues(pool, now.minus(WEEK), FOUR_HOURLY);
    Future<List<Bucket>> mMonth = repository.metricValues(pool, now.minus(MONTH), DAILY);
    return Future.all(List.of(figures, day, week, month, metrics, mDay, mWeek, mMonth, totals)).map(v -> {
      Map<String, List<MetricDataPoint>> d = series(day.result());
      Map<String, List<MetricDataPoint>> w = series(week.result());
      Map<String, List<MetricDataPoint>> m = series(month.result());
      TreeSet<String> ids = new TreeSet<>(d.keySet());
      ids.addAll(m.keySet());
      Map<String, List<UptimeDay>> days = days(figures.result());
      ids.addAll(days.keySet());
      List<UptimeComponent> components = new ArrayList<>();
      for (String id : ids) {
        // Pingdom's own total where a check feeds the component; the gateway works out the others'.
        Double total = totals.result().get(id);
        components.add(new UptimeComponent().id(id).days(days.getOrDefault(id, new ArrayList<>()))
          .uptimePercent(total == null ? null : BigDecimal.valueOf(total).setScale(2, RoundingMode.HALF_UP))
          .responseTimes(times(d.get(id), w.get(id), m.get(id))));
      }
      Map<String, List<MetricDataPoint>> md = series(mDay.result());
      Map<String, List<MetricDataPoint>> mw = series(mWeek.result());
      Map<String, List<MetricDataPoint>> mm = series(mMonth.result());
      List<UptimeMetric> custom = metrics.result().stream().map(row -> new UptimeMetric().id(row.id())
        .name(row.name()).componentId(row.componentId())
        .series(times(md.get(row.id()), mw.get(row.id()), mm.get(row.id())))).toList();
      return JsonObject.mapFrom(new UptimePart(now, components, new ArrayList<>(custom)));
    });
  }

  /** Per component, one day per date: the figure of the most preferred source that measured anything. */
  static Map<String, List<UptimeDay>> days(List<DailyFigure> figures) {
    Map<String, TreeMap<String, DailyFigure>> best = new LinkedHashMap<>();
    for (DailyFigure f : figures) {
      TreeMap<String, DailyFigure> byDate = best.computeIfAbsent(f.componentId(), k -> new TreeMap<>());
      byDate.merge(f.day().toString(), f, (a, b) -> better(a, b) ? a : b);
    }
    Map<String, List<UptimeDay>> out = new LinkedHashMap<>();
    best.forEach((id, byDate) -> out.put(id, new ArrayList<>(byDate.values().stream().map(f -> new UptimeDay()
      .date(f.day().toString()).source(f.uptimePercent() == null ? null : f.source())
      .uptimePercent(f.uptimePercent() == null ? null
        : BigDecimal.valueOf(f.uptimePercent()).setScale(2, RoundingMode.HALF_UP))
      .avgResponseMs(f.avgResponseMs()).fetchedAt(f.fetchedAt())).toList())));
    return out;
  }

  /** Whether {@code a} beats {@code b}: a figure with an uptime beats one without, then the preferred source. */
  private static boolean better(DailyFigure a, DailyFigure b) {
    if ((a.uptimePercent() == null) != (b.uptimePercent() == null)) {
      return a.uptimePercent() != null;
    }
    return rank(a.source()) <= rank(b.source());
  }

  private static int rank(String source) {
    int i = PREFERENCE.indexOf(source);
    return i < 0 ? PREFERENCE.size() : i;
  }

  private static Map<String, List<MetricDataPoint>> series(List<Bucket> buckets) {
    Map<String, List<MetricDataPoint>> out = new LinkedHashMap<>();
    for (Bucket b : buckets) {
      out.computeIfAbsent(b.key(), k -> new ArrayList<>()).add(new MetricDataPoint().timestamp(b.start())
        .value(BigDecimal.valueOf(b.average()).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros()));
    }
    return out;
  }

  private static ResponseTimes times(List<MetricDataPoint> day, List<MetricDataPoint> week,
                                     List<MetricDataPoint> month) {
    return new ResponseTimes().last24Hours(day == null ? new ArrayList<>() : day)
      .last7Days(week == null ? new ArrayList<>() : week).last30Days(month == null ? new ArrayList<>() : month);
  }
}
