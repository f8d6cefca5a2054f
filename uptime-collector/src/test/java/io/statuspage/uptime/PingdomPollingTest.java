package io.statuspage.uptime;

import io.statuspage.bus.Services;
import io.statuspage.runtime.LogRecords;
import io.statuspage.uptime.pingdom.FakePingdom;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Metrics providers and Pingdom polling end to end: uptime-collector and the real component-service on one event
 * bus and real PostgreSQL, against the fake Pingdom; the schedule runs on its own, time comes from the test's clock.
 */
class PingdomPollingTest extends UptimeTestBase {

  /** 90 days of hours, a week per request. */
  private static final int BACKFILL_REQUESTS = (int) Math.ceil(90.0 / PingdomPoller.HOURS_PER_REQUEST.toDays());

  private static final String TOKEN = "pd-secret-token-7f3a9c";
  private static final long CHECK = 85975;

  private final Vertx fakeVertx = Vertx.vertx();
  private final FakePingdom fake = FakePingdom.start(fakeVertx, TOKEN);
  private final LogRecords logs = LogRecords.of("", Level.INFO);

  @Override
  protected Map<String, String> settings() {
    return Map.of("pingdom.api.url", fake.url(), "pingdom.schedule.poll", "100ms");
  }

  @AfterEach
  void stopFake() {
    logs.close();
    fake.close();
    fakeVertx.close().await();
  }

  @Test
  void aNewMetricBackfills90DaysWithUnknownTimeExcluded() {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    FakePingdom.FakeCheck check = fake.check(CHECK, "API");
    for (int i = 0; i < 100; i++) {
      // Day i ago: i seconds down, 1000 unknown, the rest up; response 200 + i ms.
      check.day(today.minusDays(i).atStartOfDay(ZoneOffset.UTC).toInstant(), 86400 - 1000 - i, i, 1000, 200 + i);
    }
    check.result(clock.instant().minusSeconds(60), "up", 123).result(clock.instant().minusSeconds(120), "down", 0);

    JsonObject provider = createProvider(TOKEN, null);
    assertFalse(provider.encode().contains(TOKEN), "the token is write-only");
    assertEquals("provider", provider.getString("token_source"));
    JsonObject metric = createMetric(provider.getString("id"), String.valueOf(CHECK), componentId, null);
    assertEquals(false, metric.getBoolean("backfilled"));

    awaitTrue(() -> backfilled(metric.getString("id")));
    List<Row> figures = figures();
    assertEquals(90, figures.size(), "90 days, today included");
    assertEquals(today.minusDays(89), figures.get(0).getLocalDate("day"));
    assertEquals(today, figures.get(89).getLocalDate("day"));
    Row tenDaysAgo = figures.get(79);
    assertEquals(today.minusDays(10), tenDaysAgo.getLocalDate("day"));
    assertEquals(10, tenDaysAgo.getLong("down_seconds"));
    assertEquals(1000, tenDaysAgo.getLong("unknown_seconds"));
    // up / (up + down): the 1000 unknown seconds count neither way.
    assertEquals(100.0 * 85390 / 85400, tenDaysAgo.getDouble("uptime_percent"), 1e-4);
    assertEquals(210, tenDaysAgo.getInteger("avg_response_ms"));
    assertEquals(clock.instant(), tenDaysAgo.getOffsetDateTime("fetched_at").toInstant());
    assertEquals(2L, queryOne("SELECT count(*) FROM check_result WHERE component_id = '" + componentId + "'")
      .getLong(0));
    assertEquals(BACKFILL_REQUESTS, fake.calls("/summary.performance/" + CHECK));
    // Pingdom's own total over the page's 90 days: what the page shows beside the bars.
    assertEquals(1, fake.calls("/summary.average/" + CHECK));
    Row total = queryOne("SELECT total_uptime_percent::float8, total_from FROM metric WHERE id = '"
      + metric.getString("id") + "'");
    assertEquals(100.0 * (90 * 85400 - 4005) / (90 * 85400), total.getDouble(0), 1e-4);
    assertEquals(today.minusDays(89).atStartOfDay(ZoneOffset.UTC).toInstant(), total.getOffsetDateTime(1).toInstant());
    JsonObject part = call(Services.Uptime.SNAPSHOT, new JsonObject());
    assertEquals(99.95, part.getJsonArray("components").getJsonObject(0).getDouble("uptime_percent"), 1e-9);

    JsonObject listed = list(Services.Uptime.METRIC_LIST, page()).getJsonObject(0);
    assertEquals(true, listed.getBoolean("backfilled"));
    assertNull(listed.getString("last_error"));
    assertNotNull(listed.getString("last_fetched_at"));

    // Five minutes on: today's bucket and yesterday's are fetched again, and today's figure is replaced.
    check.day(today.atStartOfDay(ZoneOffset.UTC).toInstant(), 40000, 400, 0, 300);
    clock.advance(Duration.ofMinutes(5));
    awaitTrue(() -> fake.calls("/summary.performance/" + CHECK) == BACKFILL_REQUESTS + 1);
    awaitTrue(() -> figures().get(89).getLong("up_seconds") == 40000);
    Row todayFigure = figures().get(89);
    assertEquals(100.0 * 40000 / 40400, todayFigure.getDouble("uptime_percent"), 1e-4);
    assertEquals(90, figures().size());
    // The 90-day total moves slowly: asked hourly, not with every poll.
    assertEquals(1, fake.calls("/summary.average/" + CHECK));
    clock.advance(Duration.ofMinutes(60));
    awaitTrue(() -> fake.calls("/summary.performance/" + CHECK) == BACKFILL_REQUESTS + 2);
    awaitTrue(() -> fake.calls("/summary.average/" + CHECK) == 2);
    assertTrue(logs.lines().stream().noneMatch(line -> line.contains(TOKEN)), logs.lines().toString());
  }

  @Test
  void hoursAreCountedInTheDaysOfThePagesTimeZone() {
    // T0 is 2024-09-16 17:31 in New York (UTC-4): 02:00 UTC is still the 15th there, 05:00 UTC the 16th.
    component(Services.Component.PAGE_UPDATE, page().put("page", new JsonObject().put("time_zone",
      "America/New_York")));
    fake.check(CHECK, "API")
      .hour(Instant.parse("2024-09-16T02:00:00Z"), 3000, 600, 0, 150)
      .hour(Instant.parse("2024-09-16T05:00:00Z"), 3600, 0, 0, 250);
    String metricId = createMetric(createProvider(TOKEN, null).getString("id"), String.valueOf(CHECK), componentId,
      null).getString("id");
    awaitTrue(() -> backfilled(metricId));
    List<Row> figures = figures();
    assertEquals(2, figures.size());
    assertEquals(LocalDate.parse("2024-09-15"), figures.get(0).getLocalDate("day"));
    assertEquals(600, figures.get(0).getLong("down_seconds"));
    assertEquals(150, figures.get(0).getInteger("avg_response_ms"));
    assertEquals(LocalDate.parse("2024-09-16"), figures.get(1).getLocalDate("day"));
    assertEquals(100.0, figures.get(1).getDouble("uptime_percent"), 1e-9);
    assertEquals(250, figures.get(1).getInteger("avg_response_ms"));
  }

  @Test
  void a429WaitsUntilTheWindowResetsThenPolls() {
    fake.check(CHECK, "API").day(clock.instant(), 100, 0, 0, 100);
    fake.rateLimitNext(1, 600);
    String metricId = createMetric(createProvider(TOKEN, null).getString("id"), String.valueOf(CHECK), componentId,
      null).getString("id");
    awaitTrue(() -> fake.calls("/summary.performance/" + CHECK) == 1);
    awaitTrue(() -> dueAt(metricId) != null
      && dueAt(metricId).toInstant().equals(clock.instant().plusSeconds(600)));
    assertFalse(backfilled(metricId));

    clock.advance(Duration.ofSeconds(599));
    sleep(500);
    assertEquals(1, fake.calls("/summary.performance/" + CHECK), "nothing sent before the reset");
    clock.advance(Duration.ofSeconds(2));
    awaitTrue(() -> backfilled(metricId));
    assertEquals(1 + BACKFILL_REQUESTS, fake.calls("/summary.performance/" + CHECK));
  }

  @Test
  void serverErrorsBackOffAndRecordTheErrorWithoutBreakingTheService() {
    fake.check(CHECK, "API").day(clock.instant(), 100, 0, 0, 100);
    fake.failNext(3, 503);
    String metricId = createMetric(createProvider(TOKEN, null).getString("id"), String.valueOf(CHECK), componentId,
      null).getString("id");
    awaitTrue(() -> fake.calls("/summary.performance/" + CHECK) == 1);
    awaitTrue(() -> metricError(metricId) != null);
    assertEquals("Pingdom check 85975: 503 Service Unavailable: Internal error", metricError(metricId));
    // Backed off: 30 s, then 60 s; nothing is sent in between.
    sleep(500);
    assertEquals(1, fake.calls("/summary.performance/" + CHECK));
    assertEquals("uptime-collector", call(Services.Uptime.PING, new JsonObject()).getString("service"));

    // Time moves only once a failure is recorded: a lease that ran out under the moved clock would count as a
    // failure of its own and double the next wait.
    awaitTrue(() -> failuresRecorded(metricId, 1));
    clock.advance(Duration.ofSeconds(31));
    awaitTrue(() -> fake.calls("/summary.performance/" + CHECK) == 2);
    awaitTrue(() -> failuresRecorded(metricId, 2));
    clock.advance(Duration.ofSeconds(61));
    awaitTrue(() -> fake.calls("/summary.performance/" + CHECK) == 3);
    awaitTrue(() -> failuresRecorded(metricId, 3));
    clock.advance(Duration.ofSeconds(121));
    awaitTrue(() -> backfilled(metricId));
    assertNull(metricError(metricId), "cleared by the success");
  }

  @Test
  void aRefusedTokenMarksTheProviderFailingUntilANewTokenArrives() {
    fake.check(CHECK, "API").day(clock.instant(), 100, 0, 0, 100);
    String wrong = "wrong-token-0000";
    JsonObject provider = createProvider(wrong, null);
    String providerId = provider.getString("id");
    String metricId = createMetric(providerId, String.valueOf(CHECK), componentId, null).getString("id");
    awaitTrue(() -> getProvider(providerId).getString("last_error") != null);
    JsonObject failing = getProvider(providerId);
    assertEquals("401 Unauthorized: Invalid token", failing.getString("last_error"));
    assertEquals(clock.instant(), OffsetDateTime.parse(failing.getString("failing_since")).toInstant());
    assertFalse(failing.encode().contains(wrong));
    assertFalse(backfilled(metricId));
    awaitTrue(() -> logs.lines().stream().anyMatch(l -> l.contains("refuses the API token of metrics provider "
      + providerId)));

    JsonObject patched = call(Services.Uptime.PROVIDER_UPDATE, page().put("metrics_provider_id", providerId)
      .put("metrics_provider", new JsonObject().put("api_token", TOKEN)));
    assertNull(patched.getString("last_error"));
    awaitTrue(() -> backfilled(metricId));
    assertNull(getProvider(providerId).getString("last_error"));
    assertTrue(fake.authorizations().contains("Bearer " + wrong));
    for (String line : logs.lines()) {
      assertFalse(line.contains(wrong) || line.contains(TOKEN), line);
    }
  }

  @Test
  void theConfiguredTokenServesProvidersWithoutOne() {
    undeploy();
    config = config.with("pingdom.token", TOKEN);
    redeploy();
    fake.check(CHECK, "API").day(clock.instant(), 100, 0, 0, 100);
    JsonObject provider = createProvider(null, null);
    assertEquals("configuration", provider.getString("token_source"));
    String metricId = createMetric(provider.getString("id"), String.valueOf(CHECK), componentId, null).getString("id");
    awaitTrue(() -> backfilled(metricId));
  }

  @Test
  void onStartMetricsWithoutAPollAreBackfilled() {
    fake.check(CHECK, "API").day(clock.instant(), 100, 0, 0, 100);
    String metricId = createMetric(createProvider(TOKEN, null).getString("id"), String.valueOf(CHECK), componentId,
      null).getString("id");
    awaitTrue(() -> backfilled(metricId));
    undeploy();
    // As after an upgrade from a collector that had metrics but no polling.
    sql("DELETE FROM scheduled_work");
    sql("UPDATE metric SET backfilled_at = NULL");
    redeploy();
    awaitTrue(() -> backfilled(metricId));
    assertEquals(2 * BACKFILL_REQUESTS, fake.calls("/summary.performance/" + CHECK));
    assertNotNull(dueAt(metricId), "and polled from then on");
  }

  @Test
  void anUnknownCheckIsRecordedOnTheMetric() {
    String metricId = createMetric(createProvider(TOKEN, null).getString("id"), "4242", componentId, null)
      .getString("id");
    awaitTrue(() -> metricError(metricId) != null);
    assertEquals("Pingdom check 4242: 403 Forbidden: Check not found", metricError(metricId));
    assertEquals(clock.instant().plus(Duration.ofHours(1)), dueAt(metricId).toInstant());
  }

  @Test
  void badReferencesAreRefusedAndKeyedCreatesApplyOnce() {
    String providerId = createProvider(TOKEN, null).getString("id");
    JsonObject problem = failure(Services.Uptime.METRIC_CREATE, metricRequest(providerId, "1", "nope"), 422);
    assertEquals("metric.component_id", problem.getString("field"));
    failure(Services.Uptime.METRIC_CREATE, metricRequest("nope", "1", componentId), 404);
    failure(Services.Uptime.PROVIDER_LIST, new JsonObject().put("page_id", "nope"), 404);
    failure(Services.Uptime.PROVIDER_GET, page().put("metrics_provider_id", "nope"), 404);
    assertEquals(0L, queryOne("SELECT count(*) FROM metric").getLong(0));

    JsonObject first = createMetric(providerId, "1", componentId, "req-1");
    JsonObject again = createMetric(providerId, "1", componentId, "req-1");
    assertEquals(first, again);
    assertEquals(1L, queryOne("SELECT count(*) FROM metric").getLong(0));
    // One Pingdom check per component: a second would overwrite the first's daily figures.
    JsonObject second = failure(Services.Uptime.METRIC_CREATE, metricRequest(providerId, "2", componentId), 422);
    assertEquals("metric.component_id", second.getString("field"));
    assertEquals(1L, queryOne("SELECT count(*) FROM metric").getLong(0));
    assertEquals(1, list(Services.Uptime.PROVIDER_METRICS, page().put("metrics_provider_id", providerId)).size());
  }

  @Test
  void deletingAProviderStopsItsPollsAndKeepsTheFigures() {
    fake.check(CHECK, "API").day(clock.instant(), 100, 0, 0, 100);
    String providerId = createProvider(TOKEN, null).getString("id");
    String metricId = createMetric(providerId, String.valueOf(CHECK), componentId, null).getString("id");
    awaitTrue(() -> backfilled(metricId));
    JsonObject deleted = call(Services.Uptime.PROVIDER_DELETE, page().put("metrics_provider_id", providerId));
    assertEquals(providerId, deleted.getString("id"));
    assertEquals(0L, queryOne("SELECT count(*) FROM metric").getLong(0));
    assertEquals(0L, queryOne("SELECT count(*) FROM scheduled_work WHERE kind = 'pingdom.poll'").getLong(0));
    assertEquals(1, figures().size());
    assertEquals(0, list(Services.Uptime.PROVIDER_LIST, page()).size());
  }

  @Test
  void twoCollectorsPollEachCheckOnce() {
    vertx.deployVerticle(new UptimeCollectorVerticle(config, health, clock)).await();
    String providerId = createProvider(TOKEN, null).getString("id");
    List<String> metrics = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      fake.check(i, "Check " + i).day(clock.instant(), 100, 0, 0, 100);
      String component = component(Services.Component.CREATE, page().put("component",
        new JsonObject().put("name", "Service " + i))).getString("id");
      metrics.add(createMetric(providerId, String.valueOf(i), component, null).getString("id"));
    }
    awaitTrue(() -> metrics.stream().allMatch(this::backfilled));
    sleep(500);
    for (int i = 1; i <= 8; i++) {
      assertEquals(BACKFILL_REQUESTS, fake.calls("/summary.performance/" + i), "check " + i);
      assertEquals(1, fake.calls("/results/" + i), "check " + i);
    }
    clock.advance(Duration.ofMinutes(5));
    awaitTrue(() -> fake.calls("/summary.performance/8") == BACKFILL_REQUESTS + 1);
    sleep(500);
    for (int i = 1; i <= 8; i++) {
      assertEquals(BACKFILL_REQUESTS + 1, fake.calls("/summary.performance/" + i), "check " + i);
    }
  }

  private JsonObject createProvider(String token, String requestId) {
    JsonObject p = new JsonObject().put("type", "Pingdom");
    if (token != null) {
      p.put("api_token", token);
    }
    return keyed(Services.Uptime.PROVIDER_CREATE, page().put("metrics_provider", p), requestId);
  }

  private JsonObject createMetric(String providerId, String check, String component, String requestId) {
    return keyed(Services.Uptime.METRIC_CREATE, metricRequest(providerId, check, component), requestId);
  }

  private JsonObject metricRequest(String providerId, String check, String component) {
    return page().put("metrics_provider_id", providerId).put("metric", new JsonObject().put("name", "API uptime")
      .put("metric_identifier", check).put("component_id", component));
  }

  private JsonObject keyed(String action, JsonObject body, String requestId) {
    DeliveryOptions options = new DeliveryOptions().addHeader(Services.ACTION, action)
      .addHeader(Services.CALLER, CALLER);
    if (requestId != null) {
      options.addHeader(Services.REQUEST_ID, requestId);
    }
    return vertx.eventBus().<JsonObject>request(Services.Uptime.ADDRESS, body, options).map(Message::body).await();
  }

  private JsonObject getProvider(String id) {
    return call(Services.Uptime.PROVIDER_GET, page().put("metrics_provider_id", id));
  }

  private List<Row> figures() {
    List<Row> rows = new ArrayList<>();
    sql("SELECT day, up_seconds, down_seconds, unknown_seconds, uptime_percent::float8 AS uptime_percent, "
      + "avg_response_ms, fetched_at FROM daily_figure WHERE component_id = $1 AND source = 'pingdom' ORDER BY day",
      componentId).forEach(rows::add);
    return rows;
  }

  private boolean backfilled(String metricId) {
    return queryOne("SELECT count(*) FILTER (WHERE backfilled_at IS NOT NULL) FROM metric WHERE id = '" + metricId
      + "'").getLong(0) == 1;
  }

  private String metricError(String metricId) {
    return sql("SELECT last_error FROM metric WHERE id = $1", metricId).iterator().next().getString(0);
  }

  /** Whether the poll of {@code metricId} has failed {@code attempts} times and no instance holds it. */
  private boolean failuresRecorded(String metricId, int attempts) {
    var rows = sql("SELECT attempts FROM scheduled_work WHERE kind = 'pingdom.poll' AND key = $1 AND claim IS NULL "
      + "AND last_error IS NOT NULL", metricId);
    return rows.size() == 1 && rows.iterator().next().getInteger(0) == attempts;
  }

  private OffsetDateTime dueAt(String metricId) {
    var rows = sql("SELECT due_at FROM scheduled_work WHERE kind = 'pingdom.poll' AND key = $1", metricId);
    return rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime(0);
  }
}
