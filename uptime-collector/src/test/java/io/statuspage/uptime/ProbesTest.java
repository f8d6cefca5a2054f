package io.statuspage.uptime;

import io.statuspage.bus.Services;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Probes, smoke-test results and status rules end to end: uptime-collector and the real component-service on one
 * event bus and real PostgreSQL, probing real local HTTP and TCP servers that fail on cue; the probes' schedule runs on
 * its own, time (the runs' due times) comes from the test's clock.
 */
class ProbesTest extends UptimeTestBase {

  private final Vertx targetVertx = Vertx.vertx();
  private final ProbeTarget target = ProbeTarget.start(targetVertx);

  @Override
  protected Map<String, String> settings() {
    return Map.of("probe.schedule.poll", "100ms", "pingdom.schedule.poll", "1s");
  }

  @AfterEach
  void stopTarget() {
    target.close();
    targetVertx.close().await();
  }

  @Test
  void anHttpProbeDrivesTheStatusWithHysteresis() {
    putRule(new JsonObject().put("failures_to_outage", 3).put("passes_to_operational", 2));
    JsonObject probe = createProbe(new JsonObject().put("type", "http").put("url", target.url("/health"))
      .put("body_contains", "ok").put("latency_threshold_ms", 250).put("timeout_ms", 1000), null);
    String probeId = probe.getString("id");
    assertEquals("200-399", probe.getString("expected_status"));
    assertEquals("GET", probe.getString("method"));
    assertFalse(probe.containsKey("last_result"), "no result before its first run");

    // The first run is at once.
    awaitResults(probeId, 1);
    JsonObject first = results(probeId).getJsonObject(0);
    assertTrue(first.getBoolean("passed"));
    assertFalse(first.getBoolean("slow"));
    assertEquals("HTTP 200", first.getString("message"));

    // Failing on cue: two failures change nothing, the third sets the outage, with its reason.
    target.answer(500, "boom", 0);
    nextRun(probeId, 2);
    nextRun(probeId, 3);
    assertEquals("operational", componentStatus());
    assertEquals(2, rule().getInteger("consecutive_failures"));
    nextRun(probeId, 4);
    awaitTrue(() -> componentStatus().equals("major_outage"));
    JsonObject change = statusChanges().getJsonObject(0);
    assertEquals("automation:probe:" + probeId, change.getString("actor"));
    assertEquals("3 consecutive failures: HTTP 500, expected 200-399", change.getString("reason"));
    awaitTrue(() -> "changed".equals(rule().getString("last_outcome")));

    // One pass is not enough; the second restores operational.
    target.answer(200, "all ok", 0);
    nextRun(probeId, 5);
    assertEquals("major_outage", componentStatus());
    nextRun(probeId, 6);
    awaitTrue(() -> componentStatus().equals("operational"));
    assertEquals("2 consecutive passes", statusChanges().getJsonObject(0).getString("reason"));

    // A body without the expected text fails.
    target.answer(200, "maintenance page", 0);
    nextRun(probeId, 7);
    JsonObject mismatch = results(probeId).getJsonObject(0);
    assertFalse(mismatch.getBoolean("passed"));
    assertEquals("HTTP 200, body without the expected text", mismatch.getString("message"));

    // Slow answers pass but are slow: three in a row degrade.
    target.answer(200, "all ok", 400);
    nextRun(probeId, 8);
    nextRun(probeId, 9);
    nextRun(probeId, 10);
    JsonObject slow = results(probeId).getJsonObject(0);
    assertTrue(slow.getBoolean("passed"));
    assertTrue(slow.getBoolean("slow"));
    assertTrue(slow.getInteger("latency_ms") >= 400, slow.encode());
    awaitTrue(() -> componentStatus().equals("degraded_performance"));
    assertTrue(statusChanges().getJsonObject(0).getString("reason").startsWith("3 consecutive slow results: HTTP 200, "),
      statusChanges().getJsonObject(0).encode());

    // The probe shows its latest result; the raw results and the day's figure are the graphs' source 'probe'.
    assertEquals(slow, getProbe(probeId).getJsonObject("last_result"));
    Row figure = queryOne("SELECT up_seconds, down_seconds, uptime_percent::float8, avg_response_ms FROM daily_figure "
      + "WHERE component_id = '" + componentId + "' AND source = 'probe'");
    // 10 results standing for the 60 s interval each: 4 failed.
    assertEquals(6 * 60, figure.getLong(0));
    assertEquals(4 * 60, figure.getLong(1));
    assertEquals(60.0, figure.getDouble(2), 1e-4);
    assertEquals(10L, queryOne("SELECT count(*) FROM check_result WHERE source = 'probe' AND probe = '" + probeId
      + "'").getLong(0));
  }

  @Test
  void aTimeoutFails() {
    target.answer(200, "ok", 2000);
    String probeId = createProbe(new JsonObject().put("type", "http").put("url", target.url("/"))
      .put("method", "HEAD").put("timeout_ms", 300), null).getString("id");
    awaitResults(probeId, 1);
    JsonObject result = results(probeId).getJsonObject(0);
    assertFalse(result.getBoolean("passed"));
    assertEquals("no answer within 300 ms", result.getString("message"));
  }

  @Test
  void aTcpProbeFailsWhenThePortIsClosed() {
    putRule(new JsonObject().put("failures_to_outage", 1).put("outage_status", "partial_outage"));
    String probeId = createProbe(new JsonObject().put("type", "tcp").put("host", "127.0.0.1")
      .put("port", target.tcpPort()).put("interval_seconds", 45), null).getString("id");
    awaitResults(probeId, 1);
    assertTrue(results(probeId).getJsonObject(0).getBoolean("passed"));
    target.closeTcp();
    clock.advance(Duration.ofSeconds(45));
    awaitResults(probeId, 2);
    JsonObject failed = results(probeId).getJsonObject(0);
    assertFalse(failed.getBoolean("passed"));
    assertEquals("connection refused", failed.getString("message"));
    awaitTrue(() -> componentStatus().equals("partial_outage"));
  }

  @Test
  void aPersonsStatusHoldsUntilAPersonClearsIt() {
    putRule(new JsonObject().put("failures_to_outage", 1).put("passes_to_operational", 1));
    component(Services.Component.UPDATE, page().put("component_id", componentId)
      .put("component", new JsonObject().put("status", "partial_outage")));

    // Automation wants major_outage, then operational: neither happens.
    smoke(new JsonObject().put("passed", false).put("message", "checkout failed"), "s1");
    assertEquals("partial_outage", componentStatus());
    assertEquals("held", rule().getString("last_outcome"));
    assertEquals("1 consecutive failure: checkout failed", rule().getString("last_reason"));
    smoke(new JsonObject().put("passed", true), "s2");
    assertEquals("partial_outage", componentStatus());
    assertEquals("held", rule().getString("last_outcome"));

    // A person clears it (back to operational); automation acts on the next result.
    component(Services.Component.UPDATE, page().put("component_id", componentId)
      .put("component", new JsonObject().put("status", "operational")));
    smoke(new JsonObject().put("passed", false).put("message", "checkout failed again"), "s3");
    assertEquals("major_outage", componentStatus());
    assertEquals("1 consecutive failure: checkout failed again", statusChanges().getJsonObject(0).getString("reason"));
    assertEquals("automation:smoke", statusChanges().getJsonObject(0).getString("actor"));
  }

  @Test
  void resultsUnderMaintenanceMoveNeitherTheStatusNorTheUptime() {
    putRule(new JsonObject().put("failures_to_outage", 1));
    component(Services.Component.UPDATE, page().put("component_id", componentId)
      .put("component", new JsonObject().put("status", "under_maintenance")));
    JsonObject during = smoke(new JsonObject().put("passed", false).put("message", "deploying"), "during");
    assertEquals("deploying (under maintenance: not counted)", during.getString("message"));
    assertEquals(0, rule().getInteger("consecutive_failures"));
    assertEquals(0L, count("SELECT count(*) FROM daily_figure WHERE component_id = $1 AND source = 'probe' "
      + "AND uptime_percent IS NOT NULL", componentId), "no figure: nothing measured counts");

    component(Services.Component.UPDATE, page().put("component_id", componentId)
      .put("component", new JsonObject().put("status", "operational")));
    smoke(new JsonObject().put("passed", false).put("message", "down again"), "after");
    assertEquals("major_outage", componentStatus());
    Row figure = queryOne("SELECT up_seconds, down_seconds FROM daily_figure WHERE component_id = '" + componentId
      + "' AND source = 'probe'");
    assertEquals(0L, figure.getLong(0));
    assertEquals(60L, figure.getLong(1), "only the result after the maintenance");
  }

  @Test
  void smokeTestResultsAreStoredOncePerRequestId() {
    putRule(new JsonObject().put("failures_to_outage", 2));
    JsonObject posted = smoke(new JsonObject().put("passed", false).put("latency_ms", 950)
      .put("message", "login failed"), "same");
    assertNull(posted.getString("probe_id"));
    assertEquals(950, posted.getInteger("latency_ms"));
    assertEquals(posted, smoke(new JsonObject().put("passed", false).put("latency_ms", 950)
      .put("message", "login failed"), "same"));
    assertEquals(1, rule().getInteger("consecutive_failures"), "counted once");
    assertEquals("operational", componentStatus());
    smoke(new JsonObject().put("passed", false), "other");
    assertEquals("major_outage", componentStatus());
    Row figure = queryOne("SELECT down_seconds, uptime_percent::float8 FROM daily_figure WHERE component_id = '"
      + componentId + "' AND source = 'probe'");
    assertEquals(120L, figure.getLong(0));
    assertEquals(0.0, figure.getDouble(1), 1e-9);
  }

  @Test
  void badProbesAreRefusedNamingTheField() {
    assertEquals("probe.url", failure(Services.Uptime.PROBE_CREATE, page().put("probe", new JsonObject()
      .put("component_id", componentId).put("type", "http")), 422).getString("field"));
    assertEquals("probe.url", failure(Services.Uptime.PROBE_CREATE, page().put("probe", new JsonObject()
      .put("component_id", componentId).put("type", "tcp").put("host", "h").put("port", 1)
      .put("url", "http://x.example")), 422).getString("field"));
    assertEquals("probe.port", failure(Services.Uptime.PROBE_CREATE, page().put("probe", new JsonObject()
      .put("component_id", componentId).put("type", "tcp").put("host", "h")), 422).getString("field"));
    assertEquals("probe.component_id", failure(Services.Uptime.PROBE_CREATE, page().put("probe", new JsonObject()
      .put("component_id", "nope").put("type", "tcp").put("host", "h").put("port", 1)), 422).getString("field"));
    assertEquals("probe.expected_status", failure(Services.Uptime.PROBE_CREATE, page().put("probe", new JsonObject()
      .put("component_id", componentId).put("type", "http").put("url", "http://x.example")
      .put("expected_status", "500-200")), 422).getString("field"));
    assertEquals("probe.body_contains", failure(Services.Uptime.PROBE_CREATE, page().put("probe", new JsonObject()
      .put("component_id", componentId).put("type", "http").put("url", "http://x.example").put("method", "HEAD")
      .put("body_contains", "ok")), 422).getString("field"));
    assertEquals("probe.expected_status", failure(Services.Uptime.PROBE_CREATE, page().put("probe", new JsonObject()
      .put("component_id", componentId).put("type", "http").put("url", "http://x.example")
      .put("expected_status", "2xx")), 422).getString("field"));
    assertEquals("probe.interval_seconds", failure(Services.Uptime.PROBE_CREATE, page().put("probe", new JsonObject()
      .put("component_id", componentId).put("type", "http").put("url", "http://x.example")
      .put("interval_seconds", 5)), 400).getString("field"));
    assertEquals("check_result.checked_at", failure(Services.Uptime.CHECK_RESULT_CREATE, page()
      .put("component_id", componentId).put("check_result", new JsonObject().put("passed", true)
        .put("checked_at", "2020-01-01T00:00:00Z")), 422).getString("field"));
    failure(Services.Uptime.CHECK_RESULT_CREATE, page().put("component_id", "nope")
      .put("check_result", new JsonObject().put("passed", true)), 404);
    assertEquals(0L, queryOne("SELECT count(*) FROM probe").getLong(0));
    assertEquals(0L, queryOne("SELECT count(*) FROM check_result").getLong(0));
  }

  @Test
  void aDisabledProbeStopsAndADeletedOneGoes() {
    String probeId = createProbe(new JsonObject().put("type", "http").put("url", target.url("/")), "k1")
      .getString("id");
    assertEquals(probeId, createProbe(new JsonObject().put("type", "http").put("url", target.url("/")), "k1")
      .getString("id"), "a keyed create creates once");
    awaitResults(probeId, 1);
    JsonObject patched = call(Services.Uptime.PROBE_UPDATE, page().put("probe_id", probeId)
      .put("probe", new JsonObject().put("enabled", false)));
    assertFalse(patched.getBoolean("enabled"));
    assertEquals(0L, queryOne("SELECT count(*) FROM scheduled_work WHERE kind = 'probe.run'").getLong(0));
    clock.advance(Duration.ofSeconds(5));
    call(Services.Uptime.PROBE_UPDATE, page().put("probe_id", probeId).put("probe", new JsonObject()
      .put("enabled", true)));
    awaitResults(probeId, 2);
    call(Services.Uptime.PROBE_DELETE, page().put("probe_id", probeId));
    assertEquals(0L, queryOne("SELECT count(*) FROM scheduled_work WHERE kind = 'probe.run'").getLong(0));
    failure(Services.Uptime.PROBE_GET, page().put("probe_id", probeId), 404);
    assertEquals(0, list(Services.Uptime.PROBE_LIST, page()).size());
  }

  @Test
  void withTwoCollectorsEachRunHappensOnce() {
    // A second collector on the same database and bus: both poll the probes' schedule.
    vertx.deployVerticle(new UptimeCollectorVerticle(config, health, clock)).await();
    String probeId = createProbe(new JsonObject().put("type", "http").put("url", target.url("/")), null)
      .getString("id");
    awaitResults(probeId, 1);
    for (int run = 2; run <= 6; run++) {
      nextRun(probeId, run);
    }
    sleep(500);
    assertEquals(6, resultCount(probeId));
    assertEquals(6, target.requests(), "one request per interval");
  }

  // Helpers

  private void nextRun(String probeId, int count) {
    clock.advance(Duration.ofSeconds(60));
    awaitResults(probeId, count);
  }

  private void awaitResults(String probeId, int count) {
    awaitTrue(() -> resultCount(probeId) >= count);
    // The rule is applied after the result is stored: wait for the run to end (its next run scheduled in the future).
    awaitTrue(() -> count("SELECT count(*) FROM scheduled_work WHERE kind = 'probe.run' AND key = $1 AND claim IS NULL",
      probeId) == 1);
    sleep(100);
  }

  private long resultCount(String probeId) {
    return count("SELECT count(*) FROM check_result WHERE source = 'probe' AND probe = $1", probeId);
  }

  private JsonObject createProbe(JsonObject fields, String requestId) {
    DeliveryOptions options = new DeliveryOptions().addHeader(Services.ACTION, Services.Uptime.PROBE_CREATE)
      .addHeader(Services.CALLER, CALLER);
    if (requestId != null) {
      options.addHeader(Services.REQUEST_ID, requestId);
    }
    return vertx.eventBus().<JsonObject>request(Services.Uptime.ADDRESS,
      page().put("probe", fields.copy().put("component_id", componentId)), options).map(Message::body).await();
  }

  /** A smoke test's result, a second after the previous one. */
  private JsonObject smoke(JsonObject result, String requestId) {
    clock.advance(Duration.ofSeconds(1));
    return vertx.eventBus().<JsonObject>request(Services.Uptime.ADDRESS, page().put("component_id", componentId)
        .put("check_result", result), new DeliveryOptions().addHeader(Services.ACTION,
          Services.Uptime.CHECK_RESULT_CREATE).addHeader(Services.REQUEST_ID, requestId))
      .map(Message::body).await();
  }

  private JsonObject getProbe(String id) {
    return call(Services.Uptime.PROBE_GET, page().put("probe_id", id));
  }

  private JsonArray results(String probeId) {
    return list(Services.Uptime.PROBE_RESULTS, page().put("probe_id", probeId));
  }

  private void putRule(JsonObject rule) {
    call(Services.Uptime.RULE_PUT, page().put("component_id", componentId).put("status_rule", rule));
  }

  private JsonObject rule() {
    return call(Services.Uptime.RULE_GET, page().put("component_id", componentId));
  }

  private String componentStatus() {
    return component(Services.Component.GET, page().put("component_id", componentId)).getString("status");
  }

  private JsonArray statusChanges() {
    return vertx.eventBus().<JsonArray>request(Services.Component.ADDRESS, page().put("component_id", componentId),
      new DeliveryOptions().addHeader(Services.ACTION, Services.Component.HISTORY)).map(Message::body).await();
  }
}
