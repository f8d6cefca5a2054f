package io.statuspage.uptime;

import io.statuspage.uptime.pingdom.Pingdom;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** All SQL of the uptime collector. Writes take the caller's transaction as their {@link SqlClient}. */
final class UptimeRepository {

  /** A metric to poll with its provider. */
  /** A metric to poll, its provider, and when Pingdom's 90-day total was last fetched for it (null: never). */
  record Target(MetricRow metric, ProviderRow provider, OffsetDateTime totalFetchedAt) {
  }

  /** One day's figure of a component from one source; uptime null when nothing was monitored. */
  record DailyFigure(String componentId, LocalDate day, String source, long up, long down, long unknown,
                     Double uptimePercent, Integer avgResponseMs, OffsetDateTime fetchedAt) {
  }

  /** One raw result. */
  record CheckResult(String componentId, String source, OffsetDateTime at, String probe, String status,
                     Integer responseMs) {
  }

  /** Locks the page's providers and metrics until the transaction ends: writes to one page run one at a time. */
  Future<Void> lockPage(SqlClient tx, String pageId) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext('uptime.page:' || $1)::bigint)")
      .execute(Tuple.of(pageId)).mapEmpty();
  }

  /** The page's providers, oldest first. */
  Future<List<ProviderRow>> providers(SqlClient client, String pageId) {
    return client.preparedQuery("SELECT " + ProviderRow.COLUMNS + " FROM metrics_provider WHERE page_id = $1 "
        + "ORDER BY created_at, id").execute(Tuple.of(pageId)).map(rows -> all(rows, ProviderRow::from));
  }

  /** The page's metrics, oldest first. */
  Future<List<MetricRow>> metrics(SqlClient client, String pageId) {
    return client.preparedQuery("SELECT " + MetricRow.COLUMNS + " FROM metric WHERE page_id = $1 "
        + "ORDER BY created_at, id").execute(Tuple.of(pageId)).map(rows -> all(rows, MetricRow::from));
  }

  Future<Void> save(SqlClient tx, Draft.Changes changes) {
    return batch(tx, "INSERT INTO metrics_provider (" + ProviderRow.COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, "
        + "$8, $9)", changes.insertedProviders(), p -> Tuple.from(p.values()))
      .compose(v -> batch(tx, "UPDATE metrics_provider SET api_token = $2, disabled = $3, last_error = $4, "
        + "failing_since = $5, updated_at = $6 WHERE id = $1", changes.updatedProviders(), p -> Tuple.from(
          new Object[] {p.id(), p.apiToken(), p.disabled(), p.lastError(), p.failingSince(), p.updatedAt()})))
      .compose(v -> changes.deletedProviders().isEmpty() ? Future.succeededFuture()
        : tx.preparedQuery("DELETE FROM metrics_provider WHERE id = ANY($1)")
          .execute(Tuple.of(changes.deletedProviders().toArray(String[]::new))).mapEmpty())
      .compose(v -> batch(tx, "INSERT INTO metric (" + MetricRow.COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        + "$9, $10, $11)", changes.insertedMetrics(), m -> Tuple.from(m.values())))
      .compose(v -> batch(tx, "INSERT INTO metric_point (metric_id, at, value) VALUES ($1, $2, $3) "
        + "ON CONFLICT (metric_id, at) DO UPDATE SET value = EXCLUDED.value", changes.points(),
        p -> Tuple.of(p.metricId(), p.at(), p.value())));
  }

  /** The metric {@code id} with its provider; null when it is gone. */
  Future<Target> target(SqlClient client, String metricId) {
    return client.preparedQuery("SELECT " + MetricRow.COLUMNS + ", total_fetched_at FROM metric WHERE id = $1")
      .execute(Tuple.of(metricId))
      .compose(rows -> {
        if (rows.size() == 0) {
          return Future.succeededFuture(null);
        }
        Row row = rows.iterator().next();
        MetricRow metric = MetricRow.from(row);
        OffsetDateTime totalFetchedAt = ProviderRow.utc(row, "total_fetched_at");
        return client.preparedQuery("SELECT " + ProviderRow.COLUMNS + " FROM metrics_provider WHERE id = $1")
          .execute(Tuple.of(metric.providerId()))
          .map(providers -> providers.size() == 0 ? null
            : new Target(metric, ProviderRow.from(providers.iterator().next()), totalFetchedAt));
      });
  }

  /**
   * Metrics of enabled providers with no poll scheduled (on first start, after an upgrade); not those whose component
   * was deleted.
   */
  Future<List<String>> unpolled(SqlClient client, String kind) {
    return client.preparedQuery("SELECT m.id FROM metric m JOIN metrics_provider p ON p.id = m.metrics_provider_id "
        + "WHERE NOT p.disabled AND p.type = 'Pingdom' AND m.component_id IS NOT NULL "
        + "AND NOT EXISTS (SELECT 1 FROM scheduled_work w WHERE w.kind = $1 AND w.key = m.id) "
        + "ORDER BY m.created_at, m.id")
      .execute(Tuple.of(kind)).map(rows -> all(rows, r -> r.getString("id")));
  }

  /**
   * A successful fetch: the figures (upserted per component, day and source), the results (kept once), the metric
   * fresh and without error, the provider no longer failing; results older than {@code keepSince} pruned.
   */
  Future<Void> fetched(SqlClient tx, Target target, List<DailyFigure> figures, List<CheckResult> results,
                       Pingdom.Average total, boolean backfill, OffsetDateTime now, OffsetDateTime keepSince) {
    return saveFigures(tx, figures)
      .compose(v -> batch(tx, "INSERT INTO check_result (component_id, source, at, probe, status, response_ms) "
        + "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING", results, r -> Tuple.of(r.componentId(),
          r.source(), r.at(), r.probe(), r.status(), r.responseMs())))
      .compose(v -> tx.preparedQuery("DELETE FROM check_result WHERE component_id = $1 AND at < $2")
        .execute(Tuple.of(target.metric().componentId(), keepSince)))
      .compose(v -> tx.preparedQuery("UPDATE metric SET last_fetched_at = $2, last_error = NULL, "
          + "backfilled_at = CASE WHEN $3 THEN COALESCE(backfilled_at, $2) ELSE backfilled_at END WHERE id = $1")
        .execute(Tuple.of(target.metric().id(), now, backfill)))
      // Without a new total (fetched hourly), the last one stays.
      .compose(v -> total == null ? Future.succeededFuture() : tx.preparedQuery("UPDATE metric SET "
          + "total_fetched_at = $2, total_from = $3, total_uptime_percent = $4, total_avg_response_ms = $5 WHERE id = $1")
        .execute(Tuple.from(new Object[] {target.metric().id(), now, total.from().atOffset(ZoneOffset.UTC),
          total.uptimePercent(), total.avgResponse()})))
      .compose(v -> tx.preparedQuery("UPDATE metrics_provider SET last_error = NULL, failing_since = NULL "
          + "WHERE id = $1 AND last_error IS NOT NULL").execute(Tuple.of(target.provider().id())))
      .mapEmpty();
  }

  /** Why the metric's last poll failed. */
  Future<Void> metricFailed(SqlClient tx, String metricId, String error) {
    return tx.preparedQuery("UPDATE metric SET last_error = $2 WHERE id = $1").execute(Tuple.of(metricId, error))
      .mapEmpty();
  }

  /** The provider's token is refused; completes with whether it was working until now. */
  Future<Boolean> providerFailed(SqlClient tx, String providerId, String error, OffsetDateTime now) {
    return tx.preparedQuery("UPDATE metrics_provider SET last_error = $2, failing_since = COALESCE(failing_since, $3) "
        + "WHERE id = $1 RETURNING failing_since = $3 AS started").execute(Tuple.of(providerId, error, now))
      .map(rows -> rows.size() == 1 && Boolean.TRUE.equals(rows.iterator().next().getBoolean("started")));
  }

  /** A component's figures from a source, oldest first (for tests now, for the graphs later). */
  Future<List<DailyFigure>> figures(SqlClient client, String componentId, String source) {
    return client.preparedQuery("SELECT component_id, day, source, up_seconds, down_seconds, unknown_seconds, "
        + "uptime_percent::float8 AS uptime_percent, avg_response_ms, fetched_at FROM daily_figure "
        + "WHERE component_id = $1 AND source = $2 ORDER BY day").execute(Tuple.of(componentId, source))
      .map(rows -> all(rows, r -> new DailyFigure(r.getString("component_id"), r.getLocalDate("day"),
        r.getString("source"), r.getLong("up_seconds"), r.getLong("down_seconds"), r.getLong("unknown_seconds"),
        r.getDouble("uptime_percent"), r.getInteger("avg_response_ms"), ProviderRow.utc(r, "fetched_at"))));
  }

  // Probes, results and status rules

  /** The page's probes, oldest first. */
  Future<List<ProbeRow>> probes(SqlClient client, String pageId) {
    return client.preparedQuery("SELECT " + ProbeRow.COLUMNS + " FROM probe WHERE page_id = $1 ORDER BY created_at, id")
      .execute(Tuple.of(pageId)).map(rows -> all(rows, ProbeRow::from));
  }

  /** The probe {@code id}; null when it is gone. */
  Future<ProbeRow> probe(SqlClient client, String id) {
    return client.preparedQuery("SELECT " + ProbeRow.COLUMNS + " FROM probe WHERE id = $1").execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : ProbeRow.from(rows.iterator().next()));
  }

  /** The page's status rules. */
  Future<List<RuleRow>> rules(SqlClient client, String pageId) {
    return client.preparedQuery("SELECT " + RuleRow.COLUMNS + " FROM status_rule WHERE page_id = $1 "
      + "ORDER BY created_at, component_id").execute(Tuple.of(pageId)).map(rows -> all(rows, RuleRow::from));
  }

  /** The component's rule, locked until the transaction ends; null when it has none. */
  Future<RuleRow> lockRule(SqlClient tx, String componentId) {
    return tx.preparedQuery("SELECT " + RuleRow.COLUMNS + " FROM status_rule WHERE component_id = $1 FOR UPDATE")
      .execute(Tuple.of(componentId)).map(rows -> rows.size() == 0 ? null : RuleRow.from(rows.iterator().next()));
  }

  Future<Void> saveProbes(SqlClient tx, ProbeDraft.Changes changes) {
    String set = "page_id = $2, component_id = $3, name = $4, type = $5, url = $6, method = $7, expected_min = $8, "
      + "expected_max = $9, body_contains = $10, host = $11, port = $12, timeout_ms = $13, interval_seconds = $14, "
      + "latency_threshold_ms = $15, enabled = $16, created_at = $17, updated_at = $18";
    return batch(tx, "INSERT INTO probe (" + ProbeRow.COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
        + "$11, $12, $13, $14, $15, $16, $17, $18)", changes.insertedProbes(), p -> Tuple.from(p.values()))
      .compose(v -> batch(tx, "UPDATE probe SET " + set + " WHERE id = $1", changes.updatedProbes(),
        p -> Tuple.from(p.values())))
      .compose(v -> changes.deletedProbes().isEmpty() ? Future.succeededFuture()
        : tx.preparedQuery("DELETE FROM probe WHERE id = ANY($1)")
          .execute(Tuple.of(changes.deletedProbes().toArray(String[]::new))).mapEmpty())
      .compose(v -> batch(tx, "INSERT INTO status_rule (" + RuleRow.COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, "
        + "$8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (component_id) DO UPDATE SET "
        + "failures_to_outage = EXCLUDED.failures_to_outage, outage_status = EXCLUDED.outage_status, "
        + "passes_to_operational = EXCLUDED.passes_to_operational, latency_threshold_ms = EXCLUDED.latency_threshold_ms, "
        + "consecutive_failures = EXCLUDED.consecutive_failures, consecutive_slow = EXCLUDED.consecutive_slow, "
        + "consecutive_passes = EXCLUDED.consecutive_passes, last_requested = EXCLUDED.last_requested, "
        + "last_outcome = EXCLUDED.last_outcome, last_reason = EXCLUDED.last_reason, "
        + "open_incident = EXCLUDED.open_incident, updated_at = EXCLUDED.updated_at", changes.putRules(), r -> Tuple.from(r.values())))
      .compose(v -> changes.deletedRules().isEmpty() ? Future.succeededFuture()
        : tx.preparedQuery("DELETE FROM status_rule WHERE component_id = ANY($1)")
          .execute(Tuple.of(changes.deletedRules().toArray(String[]::new))).mapEmpty());
  }

  /** The rule's counters after a result. */
  Future<Void> counted(SqlClient tx, RuleRow rule) {
    return tx.preparedQuery("UPDATE status_rule SET consecutive_failures = $2, consecutive_slow = $3, "
        + "consecutive_passes = $4 WHERE component_id = $1")
      .execute(Tuple.of(rule.componentId(), rule.failures(), rule.slow(), rule.passes())).mapEmpty();
  }

  /** What came of the rule's request to component-service. */
  Future<Void> asked(SqlClient client, String componentId, String status, String outcome, String reason) {
    return client.preparedQuery("UPDATE status_rule SET last_requested = $2, last_outcome = $3, last_reason = $4 "
        + "WHERE component_id = $1").execute(Tuple.of(componentId, status, outcome, reason)).mapEmpty();
  }

  /** The incident the rule opened (null once resolved). */
  Future<Void> ruleIncident(SqlClient client, String componentId, String incidentId) {
    return client.preparedQuery("UPDATE status_rule SET incident_id = $2 WHERE component_id = $1")
      .execute(Tuple.of(componentId, incidentId)).mapEmpty();
  }

  /**
   * Stores a result once (a run repeated after a lost lease has the same component, time and probe); completes with
   * whether it is new. The component's probe figure of that day in {@code zone} is recomputed from its results, and its
   * results older than {@code keepSince} pruned.
   */
  Future<Boolean> recordResult(SqlClient tx, ResultRow r, ZoneId zone, OffsetDateTime now,
                               OffsetDateTime keepSince) {
    return tx.preparedQuery("INSERT INTO check_result (component_id, source, at, probe, status, response_ms, passed, "
        + "slow, message, covers_seconds, in_maintenance) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
        + "ON CONFLICT DO NOTHING")
      .execute(Tuple.from(new Object[] {r.componentId(), ResultRow.SOURCE, r.at(), r.probe(), r.status(),
        r.latencyMs(), r.passed(), r.slow(), r.message(), r.coversSeconds(), r.inMaintenance()}))
      .compose(inserted -> inserted.rowCount() == 0 ? Future.succeededFuture(false)
        : refreshFigure(tx, r.componentId(), r.at().atZoneSameInstant(zone).toLocalDate(), zone, now)
          .compose(v -> tx.preparedQuery("DELETE FROM check_result WHERE component_id = $1 AND source = $2 "
            + "AND at < $3").execute(Tuple.of(r.componentId(), ResultRow.SOURCE, keepSince)))
          .map(true));
  }

  /**
   * The component's {@code probe} figure of {@code day}: seconds up and down (each result standing for its
   * covers_seconds), uptime % = up / (up + down), the average response of the passing results.
   */
  private Future<Void> refreshFigure(SqlClient tx, String componentId, LocalDate day, ZoneId zone,
                                     OffsetDateTime now) {
    return tx.preparedQuery("INSERT INTO daily_figure (component_id, day, source, up_seconds, down_seconds, "
        + "unknown_seconds, uptime_percent, avg_response_ms, fetched_at) "
        + "SELECT $1, $2::date, 'probe', up, down, 0, CASE WHEN up + down > 0 THEN round(100.0 * up / (up + down), 4) "
        + "END, avg_ms, $3 FROM (SELECT COALESCE(sum(covers_seconds) FILTER (WHERE passed), 0) AS up, "
        + "COALESCE(sum(covers_seconds) FILTER (WHERE NOT passed), 0) AS down, "
        + "round(avg(response_ms) FILTER (WHERE passed))::integer AS avg_ms FROM check_result "
        // Results under maintenance count neither way.
        + "WHERE NOT in_maintenance AND component_id = $1 AND source = 'probe' AND at >= $4 AND at < $5) f "
        + "ON CONFLICT (component_id, day, source) DO UPDATE SET up_seconds = EXCLUDED.up_seconds, "
        + "down_seconds = EXCLUDED.down_seconds, uptime_percent = EXCLUDED.uptime_percent, "
        + "avg_response_ms = EXCLUDED.avg_response_ms, fetched_at = EXCLUDED.fetched_at")
      .execute(Tuple.of(componentId, day, now, day.atStartOfDay(zone).toOffsetDateTime(),
        day.plusDays(1).atStartOfDay(zone).toOffsetDateTime())).mapEmpty();
  }

  /** The latest result of each probe named. */
  Future<java.util.Map<String, ResultRow>> lastResults(SqlClient client, List<String> probeIds) {
    return client.preparedQuery("SELECT DISTINCT ON (probe) " + ResultRow.COLUMNS + " FROM check_result "
        + "WHERE source = 'probe' AND probe = ANY($1) ORDER BY probe, at DESC")
      .execute(Tuple.of(probeIds.toArray(String[]::new))).map(rows -> {
        java.util.Map<String, ResultRow> last = new HashMap<>();
        rows.forEach(r -> last.put(r.getString("probe"), ResultRow.from(r)));
        return last;
      });
  }

  /** A probe's results, newest first. */
  Future<List<ResultRow>> results(SqlClient client, String probeId, long offset, int limit) {
    return client.preparedQuery("SELECT " + ResultRow.COLUMNS + " FROM check_result WHERE source = 'probe' "
        + "AND probe = $1 ORDER BY at DESC LIMIT $2 OFFSET $3").execute(Tuple.of(probeId, limit, offset))
      .map(rows -> all(rows, ResultRow::from));
  }

  // Deleted components

  /** A page's component that probes, a status rule or metrics refer to. */
  record Monitored(String pageId, String componentId) {
  }

  /** What {@link #forgetComponent} removed: the probes deleted and the metrics unlinked, by id. */
  record Forgotten(List<String> probes, boolean rule, List<String> metrics, long figures, long results) {

    boolean any() {
      return !probes.isEmpty() || rule || !metrics.isEmpty() || figures > 0 || results > 0;
    }
  }

  /** Every component that something here acts on: runs a probe for, asks a status for, or polls a check for. */
  Future<List<Monitored>> monitored(SqlClient client) {
    return client.query("SELECT page_id, component_id FROM probe UNION SELECT page_id, component_id FROM status_rule "
        + "UNION SELECT page_id, component_id FROM metric WHERE component_id IS NOT NULL ORDER BY 1, 2").execute()
      .map(rows -> all(rows, r -> new Monitored(r.getString("page_id"), r.getString("component_id"))));
  }

  /**
   * In {@code tx}, under the page's lock: a deleted component's probes and status rule go, its metrics stay without
   * it, and its figures and results go (they describe nothing now). Doing it again removes nothing.
   */
  Future<Forgotten> forgetComponent(SqlClient tx, String pageId, String componentId, OffsetDateTime now) {
    Tuple ofPage = Tuple.of(pageId, componentId);
    Tuple ofComponent = Tuple.of(componentId);
    // One connection runs them in this order.
    Future<RowSet<Row>> probes = tx.preparedQuery("DELETE FROM probe WHERE page_id = $1 AND component_id = $2 "
      + "RETURNING id").execute(ofPage);
    Future<RowSet<Row>> rule = tx.preparedQuery("DELETE FROM status_rule WHERE page_id = $1 AND component_id = $2")
      .execute(ofPage);
    Future<RowSet<Row>> metrics = tx.preparedQuery("UPDATE metric SET component_id = NULL, updated_at = $3 "
      + "WHERE page_id = $1 AND component_id = $2 RETURNING id").execute(Tuple.of(pageId, componentId, now));
    Future<RowSet<Row>> figures = tx.preparedQuery("DELETE FROM daily_figure WHERE component_id = $1")
      .execute(ofComponent);
    Future<RowSet<Row>> results = tx.preparedQuery("DELETE FROM check_result WHERE component_id = $1")
      .execute(ofComponent);
    return Future.all(probes, rule, metrics, figures, results).map(v -> new Forgotten(
      all(probes.result(), r -> r.getString("id")), rule.result().rowCount() > 0,
      all(metrics.result(), r -> r.getString("id")), figures.result().rowCount(), results.result().rowCount()));
  }

  /** The start (unix seconds) of the bucket of $2 seconds {@code at} falls in. */
  private static final String BUCKET = "(floor(extract(epoch FROM at) / $2::bigint)::bigint * $2::bigint)";

  /** A bucket of a series: its start (unix seconds) and average. */
  record Bucket(String key, long start, double average) {
  }

  /** Every component's daily figures of every source since {@code since}, by component then day. */
  Future<List<DailyFigure>> figuresSince(SqlClient client, LocalDate since) {
    return client.preparedQuery("SELECT component_id, day, source, up_seconds, down_seconds, unknown_seconds, "
        + "uptime_percent::float8 AS uptime_percent, avg_response_ms, fetched_at FROM daily_figure "
        + "WHERE day >= $1 ORDER BY component_id, day").execute(Tuple.of(since))
      .map(rows -> all(rows, r -> new DailyFigure(r.getString("component_id"), r.getLocalDate("day"),
        r.getString("source"), r.getLong("up_seconds"), r.getLong("down_seconds"), r.getLong("unknown_seconds"),
        r.getDouble("uptime_percent"), r.getInteger("avg_response_ms"), ProviderRow.utc(r, "fetched_at"))));
  }

  /** Average response per component and bucket of {@code seconds} since {@code since}, oldest first. */
  Future<List<Bucket>> responses(SqlClient client, OffsetDateTime since, long seconds) {
    return client.preparedQuery("SELECT component_id AS key, " + BUCKET + " AS start, "
        + "avg(response_ms)::float8 AS average FROM check_result WHERE at >= $1 AND response_ms IS NOT NULL "
        + "GROUP BY 1, 2 ORDER BY 1, 2").execute(Tuple.of(since, seconds)).map(UptimeRepository::buckets);
  }

  /** Average value per custom metric and bucket of {@code seconds} since {@code since}, oldest first. */
  Future<List<Bucket>> metricValues(SqlClient client, OffsetDateTime since, long seconds) {
    return client.preparedQuery("SELECT metric_id AS key, " + BUCKET + " AS start, avg(value) AS average "
        + "FROM metric_point WHERE at >= $1 GROUP BY 1, 2 ORDER BY 1, 2")
      .execute(Tuple.of(since, seconds)).map(UptimeRepository::buckets);
  }

  /** Every custom metric (of a Self provider), oldest first. */
  Future<List<MetricRow>> customMetrics(SqlClient client) {
    return client.preparedQuery("SELECT " + prefixed("m.") + " FROM metric m JOIN metrics_provider p "
        + "ON p.id = m.metrics_provider_id WHERE p.type = 'Self' ORDER BY m.created_at, m.id").execute()
      .map(rows -> all(rows, MetricRow::from));
  }

  /** Pingdom's 90-day uptime % ({@code summary.average}) of each component a polled Pingdom check feeds. */
  Future<Map<String, Double>> pingdomTotals(SqlClient client) {
    return client.preparedQuery("SELECT m.component_id, m.total_uptime_percent::float8 AS total FROM metric m "
        + "JOIN metrics_provider p ON p.id = m.metrics_provider_id WHERE p.type = 'Pingdom' AND NOT p.disabled "
        + "AND m.component_id IS NOT NULL AND m.total_uptime_percent IS NOT NULL").execute()
      .map(rows -> {
        Map<String, Double> totals = new HashMap<>();
        rows.forEach(r -> totals.put(r.getString("component_id"), r.getDouble("total")));
        return totals;
      });
  }

  /** Whether work of {@code kind} is in the schedule. */
  Future<Boolean> scheduled(SqlClient client, String kind) {
    return client.preparedQuery("SELECT EXISTS (SELECT 1 FROM scheduled_work WHERE kind = $1) AS known")
      .execute(Tuple.of(kind)).map(rows -> rows.iterator().next().getBoolean("known"));
  }

  /** Custom metrics' points older than {@code before}: past the longest chart. */
  Future<Void> prunePoints(SqlClient client, OffsetDateTime before) {
    return client.preparedQuery("DELETE FROM metric_point WHERE at < $1").execute(Tuple.of(before)).mapEmpty();
  }

  /** Upserts daily figures (of any source: Pingdom's buckets, the status history's days). */
  Future<Void> saveFigures(SqlClient tx, List<DailyFigure> figures) {
    return batch(tx, "INSERT INTO daily_figure (component_id, day, source, up_seconds, down_seconds, unknown_seconds, "
        + "uptime_percent, avg_response_ms, fetched_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
        + "ON CONFLICT (component_id, day, source) DO UPDATE SET up_seconds = EXCLUDED.up_seconds, "
        + "down_seconds = EXCLUDED.down_seconds, unknown_seconds = EXCLUDED.unknown_seconds, "
        + "uptime_percent = EXCLUDED.uptime_percent, avg_response_ms = EXCLUDED.avg_response_ms, "
        + "fetched_at = EXCLUDED.fetched_at", figures, f -> Tuple.from(new Object[] {f.componentId(), f.day(),
          f.source(), f.up(), f.down(), f.unknown(), f.uptimePercent() == null ? null
          : java.math.BigDecimal.valueOf(f.uptimePercent()).setScale(4, java.math.RoundingMode.HALF_UP),
          f.avgResponseMs(), f.fetchedAt()}));
  }

  private static String prefixed(String alias) {
    return alias + MetricRow.COLUMNS.replace(", ", ", " + alias);
  }

  private static List<Bucket> buckets(RowSet<Row> rows) {
    return all(rows, r -> new Bucket(r.getString("key"), r.getLong("start"), r.getDouble("average")));
  }

  private static <T> Future<Void> batch(SqlClient tx, String sql, List<T> items, Function<T, Tuple> params) {
    return items.isEmpty() ? Future.succeededFuture()
      : tx.preparedQuery(sql).executeBatch(items.stream().map(params).toList()).mapEmpty();
  }

  private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> out = new ArrayList<>(rows.size());
    rows.forEach(row -> out.add(mapper.apply(row)));
    return out;
  }
}
