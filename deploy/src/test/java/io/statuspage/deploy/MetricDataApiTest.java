package io.statuspage.deploy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Custom metrics as a Statuspage script feeds them, through the real gateway and services in one JVM: a Self
 * provider, a metric, points one by one (JSON and form) and in bulk, the refusals, and the series in
 * {@code /api/v2/uptime.json} and on the page.
 */
class MetricDataApiTest {

  private static Suite suite;

  @BeforeAll
  static void start() throws IOException {
    suite = Suite.start("metric-data-api-test-key", Map.of("snapshot.refresh", "1s"));
  }

  @AfterAll
  static void stop() {
    if (suite != null) {
      suite.close();
    }
  }

  private static HttpResponse<String> send(String method, String path, String body, String... headers) {
    return suite.send(method, path, body, headers);
  }

  @Test
  void pointsArePostedSnappedRefusedWhenOutOfRangeAndCharted() {
    HttpResponse<String> provider = send("POST", "/metrics_providers",
      "{\"metrics_provider\":{\"type\":\"Self\"}}");
    assertEquals(201, provider.statusCode(), provider.body());
    HttpResponse<String> created = send("POST", "/metrics_providers/" + Http.json(provider).getString("id")
      + "/metrics", Suite.form("metric[name]", "Queue depth"), "Content-Type", "application/x-www-form-urlencoded");
    assertEquals(201, created.statusCode(), created.body());
    String id = Http.json(created).getString("id");
    HttpResponse<String> got = send("GET", "/metrics/" + id, null);
    assertEquals(200, got.statusCode(), got.body());
    assertEquals("Queue depth", Http.json(got).getString("name"));

    long now = Instant.now().getEpochSecond();
    HttpResponse<String> one = send("POST", "/metrics/" + id + "/data",
      "{\"data\":{\"timestamp\":" + (now - 95) + ",\"value\":12}}");
    assertEquals(201, one.statusCode(), one.body());
    JsonObject point = Http.json(one).getJsonObject("data");
    assertEquals(0, point.getLong("timestamp") % 30, "snapped to 30 s");
    assertEquals(12.0, point.getDouble("value"));
    HttpResponse<String> form = send("POST", "/metrics/" + id + "/data",
      Suite.form("data[timestamp]", String.valueOf(now - 3700), "data[value]", "7.5"),
      "Content-Type", "application/x-www-form-urlencoded");
    assertEquals(201, form.statusCode(), form.body());

    HttpResponse<String> old = send("POST", "/metrics/" + id + "/data",
      "{\"data\":{\"timestamp\":" + (now - 30 * 86400) + ",\"value\":1}}");
    assertEquals(422, old.statusCode(), old.body());
    assertEquals("data.timestamp", Http.json(old).getString("field"));
    HttpResponse<String> text = send("POST", "/metrics/" + id + "/data",
      "{\"data\":{\"timestamp\":" + now + ",\"value\":\"high\"}}");
    assertEquals(400, text.statusCode(), text.body());
    assertEquals("data.value", Http.json(text).getString("field"));
    assertEquals(404, send("POST", "/metrics/nosuchmetric/data",
      "{\"data\":{\"timestamp\":" + now + ",\"value\":1}}").statusCode());

    JsonObject bulk = new JsonObject().put("data", new JsonObject().put(id, new JsonArray()
      .add(new JsonObject().put("timestamp", now - 7300).put("value", 3))
      .add(new JsonObject().put("timestamp", now - 60).put("value", 4))));
    HttpResponse<String> accepted = send("POST", "/metrics/data", bulk.encode());
    assertEquals(202, accepted.statusCode(), accepted.body());
    assertEquals(2, Http.json(accepted).getJsonObject("data").getJsonArray(id).size());
    HttpResponse<String> unknown = send("POST", "/metrics/data", new JsonObject().put("data", new JsonObject()
      .put("nosuchmetric", new JsonArray().add(new JsonObject().put("timestamp", now).put("value", 1)))).encode());
    assertEquals(422, unknown.statusCode(), unknown.body());
    assertEquals("data.nosuchmetric", Http.json(unknown).getString("field"));

    // The series reach the public JSON and the page within a refresh.
    suite.http.await("/api/v2/uptime.json", Duration.ofSeconds(20),
      r -> r.statusCode() == 200 && Http.json(r).getJsonArray("metrics").size() == 1);
    HttpResponse<String> uptime = suite.http.get("/api/v2/uptime.json");
    assertEquals("*", uptime.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    String etag = uptime.headers().firstValue("ETag").orElseThrow();
    JsonObject metric = Http.json(uptime).getJsonArray("metrics").getJsonObject(0);
    assertEquals(id, metric.getString("id"));
    assertTrue(metric.getJsonObject("series").getJsonArray("last_24_hours").size() >= 2, metric.encode());
    assertEquals(304, suite.http.send("GET", "/api/v2/uptime.json", null, "If-None-Match", etag).statusCode());
    String page = suite.http.get("/").body();
    assertTrue(page.contains("<h2 class=\"govuk-heading-l\">Metrics</h2>"), "the page charts it");
    assertTrue(page.contains("of queue depth: average "), "with its figures in words");
  }
}
