package io.statuspage.deploy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Probes, smoke-test results and status rules through the real gateway and services in one JVM, as a platform's smoke
 * tests and scripts use them: a rule, results posted (JSON and form, keyed), the status they set with its reason, a
 * person's hold, and a probe against a real local HTTP server.
 */
class ProbeApiTest {

  private static Suite suite;
  private static Vertx targetVertx;
  private static HttpServer target;

  @BeforeAll
  static void start() throws IOException {
    suite = Suite.start("probe-api-test-key", Map.of("probe.schedule.poll", "200ms"));
    targetVertx = Vertx.vertx();
    target = targetVertx.createHttpServer().requestHandler(r -> r.response().end("healthy"));
    target.listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    if (suite != null) {
      suite.close();
    }
    if (targetVertx != null) {
      targetVertx.close().await();
    }
  }

  private static HttpResponse<String> send(String method, String path, String body, String... headers) {
    return suite.send(method, path, body, headers);
  }

  private static String component(String name) {
    HttpResponse<String> created = send("POST", "/components", "{\"component\":{\"name\":\"" + name + "\"}}");
    assertEquals(201, created.statusCode(), created.body());
    return Http.json(created).getString("id");
  }

  private static JsonObject get(String path) {
    HttpResponse<String> response = send("GET", path, null);
    assertEquals(200, response.statusCode(), path + " " + response.body());
    return Http.json(response);
  }

  @Test
  void smokeTestsSetTheStatusThroughARuleAndAPersonHoldsIt() {
    String id = component("Checkout");
    HttpResponse<String> rule = send("PUT", "/components/" + id + "/status_rule",
      "{\"status_rule\":{\"failures_to_outage\":2,\"passes_to_operational\":1}}");
    assertEquals(200, rule.statusCode(), rule.body());
    assertEquals("major_outage", Http.json(rule).getString("outage_status"));

    HttpResponse<String> first = send("POST", "/components/" + id + "/check_results",
      "{\"check_result\":{\"passed\":false,\"latency_ms\":812,\"message\":\"<b>checkout</b> failed\"}}",
      "Idempotency-Key", "smoke-1");
    assertEquals(201, first.statusCode(), first.body());
    assertEquals("<b>checkout</b> failed", Http.json(first).getString("message"));
    HttpResponse<String> again = send("POST", "/components/" + id + "/check_results",
      "{\"check_result\":{\"passed\":false,\"latency_ms\":812,\"message\":\"<b>checkout</b> failed\"}}",
      "Idempotency-Key", "smoke-1");
    assertEquals(first.body(), again.body());
    assertEquals("operational", get("/components/" + id).getString("status"), "one failure, counted once");

    HttpResponse<String> second = send("POST", "/components/" + id + "/check_results",
      Suite.form("check_result[passed]", "false", "check_result[message]", "timeout"),
      "Content-Type", "application/x-www-form-urlencoded", "Idempotency-Key", "smoke-2");
    assertEquals(201, second.statusCode(), second.body());
    assertEquals("major_outage", get("/components/" + id).getString("status"));
    JsonObject change = Http.array(send("GET", "/components/" + id + "/status_changes", null)).getJsonObject(0);
    assertEquals("2 consecutive failures: timeout", change.getString("reason"));
    assertEquals("automation:smoke", change.getString("actor"));

    // A person says partial outage: automation cannot move it until a person clears the hold.
    JsonObject patched = Http.json(send("PATCH", "/components/" + id, "{\"component\":{\"status\":\"partial_outage\"}}"));
    assertEquals(true, patched.getBoolean("automation_hold"));
    assertEquals(201, send("POST", "/components/" + id + "/check_results", "{\"check_result\":{\"passed\":true}}",
      "Idempotency-Key", "smoke-3").statusCode());
    assertEquals("partial_outage", get("/components/" + id).getString("status"));
    assertEquals("held", get("/components/" + id + "/status_rule").getString("last_outcome"));
    assertEquals(false, Http.json(send("PATCH", "/components/" + id, "{\"component\":{\"automation_hold\":false}}"))
      .getBoolean("automation_hold"));
    assertEquals(201, send("POST", "/components/" + id + "/check_results", "{\"check_result\":{\"passed\":true}}",
      "Idempotency-Key", "smoke-4").statusCode());
    assertEquals("operational", get("/components/" + id).getString("status"));
  }

  @Test
  void aRuleWithOpenIncidentOpensAndResolvesOne() {
    String id = component("Payments");
    assertEquals(200, send("PUT", "/components/" + id + "/status_rule", "{\"status_rule\":{\"failures_to_outage\":1,"
      + "\"passes_to_operational\":1,\"open_incident\":true}}").statusCode());
    assertEquals(201, send("POST", "/components/" + id + "/check_results",
      "{\"check_result\":{\"passed\":false,\"message\":\"card authorisations failing\"}}").statusCode());
    assertEquals("major_outage", get("/components/" + id).getString("status"));
    JsonObject rule = get("/components/" + id + "/status_rule");
    String incidentId = rule.getString("incident_id");
    assertTrue(incidentId != null, rule.encode());
    JsonObject incident = get("/incidents/" + incidentId);
    assertEquals("Payments: Major outage", incident.getString("name"));
    assertEquals("investigating", incident.getString("status"));
    assertTrue(incident.encode().contains("Detected automatically: 1 consecutive failure: card authorisations failing."),
      incident.encode());
    assertEquals(false, get("/components/" + id).getBoolean("automation_hold"), "the incident does not hold it");

    assertEquals(201, send("POST", "/components/" + id + "/check_results",
      "{\"check_result\":{\"passed\":true}}").statusCode());
    assertEquals("operational", get("/components/" + id).getString("status"));
    assertEquals("resolved", get("/incidents/" + incidentId).getString("status"));
    assertEquals(null, get("/components/" + id + "/status_rule").getString("incident_id"));
  }

  @Test
  void badInputIsAProblemNamingTheField() {
    String id = component("Search");
    HttpResponse<String> noPassed = send("POST", "/components/" + id + "/check_results",
      "{\"check_result\":{\"latency_ms\":5}}");
    assertEquals(400, noPassed.statusCode(), noPassed.body());
    assertTrue(noPassed.body().contains("passed"), noPassed.body());
    HttpResponse<String> unknown = send("POST", "/components/nope/check_results", "{\"check_result\":{\"passed\":true}}");
    assertEquals(404, unknown.statusCode(), unknown.body());
    HttpResponse<String> noUrl = send("POST", "/probes", "{\"probe\":{\"component_id\":\"" + id + "\",\"type\":\"http\"}}");
    assertEquals(422, noUrl.statusCode(), noUrl.body());
    assertEquals("probe.url", Http.json(noUrl).getString("field"));
    HttpResponse<String> fast = send("POST", "/probes", "{\"probe\":{\"component_id\":\"" + id
      + "\",\"type\":\"tcp\",\"host\":\"db\",\"port\":5432,\"interval_seconds\":1}}");
    assertEquals(400, fast.statusCode(), fast.body());
    assertEquals(404, send("GET", "/components/" + id + "/status_rule", null).statusCode());
    assertEquals(0, Http.array(send("GET", "/probes", null)).size());
  }

  @Test
  void aProbeRunsAgainstARealServer() {
    String id = component("Website");
    HttpResponse<String> created = send("POST", "/probes", "{\"probe\":{\"component_id\":\"" + id
      + "\",\"type\":\"http\",\"url\":\"http://127.0.0.1:" + target.actualPort() + "/health\","
      + "\"body_contains\":\"healthy\",\"expected_status\":\"200\"}}", "Idempotency-Key", "probe-1");
    assertEquals(201, created.statusCode(), created.body());
    String probeId = Http.json(created).getString("id");
    assertEquals("200", Http.json(created).getString("expected_status"));
    long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    JsonArray results;
    do {
      results = Http.array(send("GET", "/probes/" + probeId + "/results", null));
    } while (results.isEmpty() && System.nanoTime() < end && pause());
    assertEquals(1, results.size());
    assertTrue(results.getJsonObject(0).getBoolean("passed"), results.encode());
    assertEquals(probeId, get("/probes/" + probeId).getJsonObject("last_result").getString("probe_id"));
    HttpResponse<String> disabled = send("PATCH", "/probes/" + probeId, "{\"probe\":{\"enabled\":false}}");
    assertEquals(200, disabled.statusCode(), disabled.body());
    assertFalse(Http.json(disabled).getBoolean("enabled"));
    assertEquals(200, send("DELETE", "/probes/" + probeId, null).statusCode());
    assertEquals(404, send("GET", "/probes/" + probeId, null).statusCode());
  }

  private static boolean pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }
}
