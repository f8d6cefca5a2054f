package io.statuspage.uptime;

import io.statuspage.bus.Services;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status history's daily figures, custom metric data, and the snapshot part the gateways draw from: the
 * collector and the real component-service on one bus and a real PostgreSQL, time from the test's clock.
 */
class UptimeFiguresTest extends UptimeTestBase {

  @Override
  protected Map<String, String> settings() {
    return Map.of("pingdom.schedule.poll", "100ms", "uptime.history.interval", "5m");
  }

  @Test
  void theStatusHistoryGivesTodaysUptimeAndTheSnapshotCarriesIt() {
    Instant created = clock.instant();
    clock.advance(Duration.ofMinutes(30));
    setStatus("major_outage");
    clock.advance(Duration.ofMinutes(10));
    setStatus("operational");
    // The next run is due within the interval: the schedule works it out from component-service's record.
    clock.advance(Duration.ofMinutes(6));
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    long since = Duration.between(max(created, today.atStartOfDay(ZoneOffset.UTC).toInstant()), now).toSeconds();
    // A run due after the first advances may already have counted the 600 s down, up to before the last advance:
    // wait for the one that counts up to now.
    awaitTrue(() -> history(today) != null && history(today).getLong("down_seconds") == 600
      && history(today).getLong("up_seconds") == since - 600);
    Row figure = history(today);
    assertEquals(since - 600, figure.getLong("up_seconds"));
    assertEquals(100.0 * (since - 600) / since, figure.getDouble("uptime_percent"), 1e-3);

    JsonObject part = call(Services.Uptime.SNAPSHOT, new JsonObject());
    JsonObject c = part.getJsonArray("components").getJsonObject(0);
    assertEquals(componentId, c.getString("id"));
    JsonObject day = c.getJsonArray("days").getJsonObject(c.getJsonArray("days").size() - 1);
    assertEquals(today.toString(), day.getString("date"));
    assertEquals("history", day.getString("source"));
    assertEquals(new JsonArray(), c.getJsonObject("response_times").getJsonArray("last_24_hours"));
  }

  @Test
  void customMetricDataIsSnappedCheckedStoredAndCharted() {
    String provider = call(Services.Uptime.PROVIDER_CREATE, page().put("metrics_provider",
      new JsonObject().put("type", "Self"))).getString("id");
    JsonObject metric = call(Services.Uptime.METRIC_CREATE, page().put("metrics_provider_id", provider)
      .put("metric", new JsonObject().put("name", "Queue depth")));
    String id = metric.getString("id");
    assertNull(metric.getString("component_id"));
    assertEquals(metric, call(Services.Uptime.METRIC_GET, page().put("metric_id", id)));

    long now = clock.instant().getEpochSecond();
    JsonObject stored = call(Services.Uptime.METRIC_DATA, page().put("metric_id", id)
      .put("data", new JsonObject().put("timestamp", now - 100).put("value", 12.5)));
    long snapped = (now - 100) - Math.floorMod(now - 100, 30);
    assertEquals(new JsonObject().put("data", new JsonObject().put("timestamp", snapped).put("value", 12.5)), stored);

    assertEquals("data.timestamp", failure(Services.Uptime.METRIC_DATA, page().put("metric_id", id)
      .put("data", new JsonObject().put("timestamp", now - 29 * 86400).put("value", 1)), 422).getString("field"));
    assertEquals("data.timestamp", failure(Services.Uptime.METRIC_DATA, page().put("metric_id", id)
      .put("data", new JsonObject().put("timestamp", now + 600).put("value", 1)), 422).getString("field"));
    assertEquals(404, failure(Services.Uptime.METRIC_DATA, page().put("metric_id", "nope")
      .put("data", new JsonObject().put("timestamp", now).put("value", 1)), 404).getInteger("status"));

    // Bulk: all or nothing; a bad point names its metric and place.
    JsonObject bad = page().put("data", new JsonObject()
      .put(id, new JsonArray().add(point(now - 3600, 3)).add(point(now + 3600, 4))));
    assertEquals("data." + id + "[1].timestamp", failure(Services.Uptime.METRIC_DATA_BULK, bad, 422)
      .getString("field"));
    assertEquals("data.other", failure(Services.Uptime.METRIC_DATA_BULK, page().put("data", new JsonObject()
      .put(id, new JsonArray().add(point(now - 3600, 3))).put("other", new JsonArray().add(point(now, 1)))), 422)
      .getString("field"));
    assertEquals(1L, queryOne("SELECT count(*) FROM metric_point").getLong(0), "nothing of the refused bulks");
    JsonObject echoed = call(Services.Uptime.METRIC_DATA_BULK, page().put("data", new JsonObject()
      .put(id, new JsonArray().add(point(now - 7200, 3)).add(point(now - 3600, 5)))));
    assertEquals(2, echoed.getJsonObject("data").getJsonArray(id).size());
    assertEquals(3L, queryOne("SELECT count(*) FROM metric_point").getLong(0));

    JsonObject part = call(Services.Uptime.SNAPSHOT, new JsonObject());
    JsonObject charted = part.getJsonArray("metrics").getJsonObject(0);
    assertEquals("Queue depth", charted.getString("name"));
    JsonArray day = charted.getJsonObject("series").getJsonArray("last_24_hours");
    assertTrue(day.size() >= 2 && day.size() <= 3, day.encode());
    double sum = 0;
    for (int i = 0; i < day.size(); i++) {
      assertEquals(0, day.getJsonObject(i).getLong("timestamp") % 3600, "hourly buckets");
      sum += day.getJsonObject(i).getDouble("value");
    }
    assertTrue(sum > 0);
  }

  @Test
  void aPingdomMetricTakesNoData() {
    String provider = call(Services.Uptime.PROVIDER_CREATE, page().put("metrics_provider",
      new JsonObject().put("type", "Pingdom").put("api_token", "t0ken"))).getString("id");
    String id = call(Services.Uptime.METRIC_CREATE, page().put("metrics_provider_id", provider)
      .put("metric", new JsonObject().put("name", "API").put("metric_identifier", "123")
        .put("component_id", componentId))).getString("id");
    assertEquals("metric_id", failure(Services.Uptime.METRIC_DATA, page().put("metric_id", id)
      .put("data", point(clock.instant().getEpochSecond(), 1)), 422).getString("field"));
    // A Pingdom metric still needs its check and component.
    assertEquals("metric.metric_identifier", failure(Services.Uptime.METRIC_CREATE, page()
      .put("metrics_provider_id", provider).put("metric", new JsonObject().put("name", "No check")
        .put("component_id", componentId)), 400).getString("field"));
    assertEquals("metrics_provider.api_token", failure(Services.Uptime.PROVIDER_CREATE, page()
      .put("metrics_provider", new JsonObject().put("type", "Self").put("api_token", "x")), 422).getString("field"));
  }

  @Test
  void aSmokeResultCountsOnTheDayOfThePagesTimeZone() {
    // T0 is 2024-09-16 17:31 in New York; 02:00 UTC that day is still the 15th there.
    component(Services.Component.PAGE_UPDATE, page().put("page", new JsonObject().put("time_zone",
      "America/New_York")));
    call(Services.Uptime.CHECK_RESULT_CREATE, page().put("component_id", componentId).put("check_result",
      new JsonObject().put("passed", false).put("checked_at", "2024-09-16T02:00:00Z")));
    call(Services.Uptime.CHECK_RESULT_CREATE, page().put("component_id", componentId).put("check_result",
      new JsonObject().put("passed", true).put("latency_ms", 80).put("checked_at", "2024-09-16T05:00:00Z")));
    var rows = sql("SELECT day, down_seconds, up_seconds FROM daily_figure WHERE component_id = $1 "
      + "AND source = 'probe' ORDER BY day", componentId);
    var it = rows.iterator();
    Row fifteenth = it.next();
    assertEquals(LocalDate.parse("2024-09-15"), fifteenth.getLocalDate("day"));
    assertTrue(fifteenth.getLong("down_seconds") > 0 && fifteenth.getLong("up_seconds") == 0);
    Row sixteenth = it.next();
    assertEquals(LocalDate.parse("2024-09-16"), sixteenth.getLocalDate("day"));
    assertTrue(sixteenth.getLong("up_seconds") > 0 && sixteenth.getLong("down_seconds") == 0);
  }

  private static JsonObject point(long timestamp, double value) {
    return new JsonObject().put("timestamp", timestamp).put("value", value);
  }

  private void setStatus(String status) {
    component(Services.Component.UPDATE, page().put("component_id", componentId)
      .put("component", new JsonObject().put("status", status)));
  }

  private Row history(LocalDate day) {
    var rows = sql("SELECT up_seconds, down_seconds, unknown_seconds, uptime_percent::float8 AS uptime_percent "
      + "FROM daily_figure WHERE component_id = $1 AND source = 'history' AND day = $2", componentId, day);
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
