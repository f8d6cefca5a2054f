package io.statuspage.deploy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * An incident's main flow through the real gateway and services in one JVM, as a Statuspage script drives it:
 * create with a component status (form-encoded, keyed), update, resolve, postmortem, lists, delete.
 */
class IncidentApiTest {

  private static Suite suite;

  @BeforeAll
  static void start() throws IOException {
    suite = Suite.start("incident-api-test-key", Map.of("snapshot.refresh", "1s"));
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

  private static String form(String... pairs) {
    return Suite.form(pairs);
  }

  @Test
  void aMaintenanceNamingItsComponentsWithoutStatusesIsCreated() {
    HttpResponse<String> component = send("POST", "/components", "{\"component\":{\"name\":\"Database\"}}");
    String componentId = Http.json(component).getString("id");
    HttpResponse<String> created = send("POST", "/incidents", new JsonObject().put("incident", new JsonObject()
      .put("name", "DB upgrade").put("scheduled_for", "2030-01-01T02:00:00Z").put("scheduled_until",
        "2030-01-01T04:00:00Z").put("component_ids", new JsonArray().add(componentId))).encode());
    assertEquals(201, created.statusCode(), created.body());
    JsonObject maintenance = Http.json(created);
    assertEquals("scheduled", maintenance.getString("status"));
    assertEquals(componentId, maintenance.getJsonArray("components").getJsonObject(0).getString("id"));
    assertEquals("operational", Http.json(send("GET", "/components/" + componentId, null)).getString("status"),
      "naming a component changes nothing");
  }

  @Test
  void anIncidentFromFirstReportToPostmortem() {
    HttpResponse<String> component = send("POST", "/components", "{\"component\":{\"name\":\"API\"}}");
    assertEquals(201, component.statusCode(), component.body());
    String componentId = Http.json(component).getString("id");

    String body = form("incident[name]", "API errors", "incident[body]", "We see errors",
      "incident[components][" + componentId + "]", "major_outage");
    HttpResponse<String> created = send("POST", "/incidents", body,
      "Content-Type", "application/x-www-form-urlencoded", "Idempotency-Key", "create-1");
    assertEquals(201, created.statusCode(), created.body());
    JsonObject incident = Http.json(created);
    String id = incident.getString("id");
    assertEquals("investigating", incident.getString("status"));
    assertEquals("critical", incident.getString("impact"));
    assertEquals("https://status.acme.test/incidents/" + id, incident.getString("shortlink"));
    assertEquals("major_outage", incident.getJsonArray("components").getJsonObject(0).getString("status"));
    assertEquals("major_outage", Http.json(send("GET", "/components/" + componentId, null)).getString("status"),
      "applied to the component with the incident");

    HttpResponse<String> replayed = send("POST", "/incidents", body,
      "Content-Type", "application/x-www-form-urlencoded", "Idempotency-Key", "create-1");
    assertEquals(201, replayed.statusCode());
    assertEquals(created.body(), replayed.body());
    assertEquals("true", replayed.headers().firstValue("Idempotent-Replayed").orElse(null));

    JsonArray unresolved = Http.array(send("GET", "/incidents/unresolved", null));
    assertEquals(List.of(id), unresolved.stream().map(i -> ((JsonObject) i).getString("id")).toList());

    HttpResponse<String> resolved = send("PATCH", "/incidents/" + id, new JsonObject().put("incident",
      new JsonObject().put("status", "resolved").put("components", new JsonObject().put(componentId, "operational")))
      .encode());
    assertEquals(200, resolved.statusCode(), resolved.body());
    assertEquals("This incident has been resolved.", Http.json(resolved).getJsonArray("incident_updates")
      .getJsonObject(0).getString("body"));
    assertEquals(new JsonArray(), Http.array(send("GET", "/incidents/unresolved.json", null)));

    assertEquals(200, send("PUT", "/incidents/" + id + "/postmortem", "{\"postmortem\":{\"body_draft\":\"Why\"}}")
      .statusCode());
    HttpResponse<String> published = send("PUT", "/incidents/" + id + "/postmortem/publish", "{}");
    assertEquals(200, published.statusCode(), published.body());
    assertEquals("postmortem", Http.json(send("GET", "/incidents/" + id, null)).getString("status"));

    HttpResponse<String> shadowed = send("PUT", "/incidents/unresolved", "{\"incident\":{\"name\":\"x\"}}");
    assertEquals(405, shadowed.statusCode(), "a literal path is no incident id");
    assertEquals("GET", shadowed.headers().firstValue("Allow").orElse(null));

    HttpResponse<String> bad = send("POST", "/incidents", "{\"incident\":{\"name\":\"M\",\"status\":\"scheduled\"}}");
    assertEquals(422, bad.statusCode());
    assertEquals("incident.status", Http.json(bad).getString("field"));
    HttpResponse<String> unknown = send("POST", "/incidents", "{\"incident\":{\"name\":\"M\",\"colour\":\"red\"}}");
    assertEquals(400, unknown.statusCode(), unknown.body());

    suite.http.await("/api/v2/summary.json", Duration.ofSeconds(10),
      r -> r.body().contains("\"indicator\":\"none\""));
    HttpResponse<String> deleted = send("DELETE", "/incidents/" + id, null);
    assertEquals(200, deleted.statusCode());
    assertEquals(id, Http.json(deleted).getString("id"));
    assertEquals(404, send("GET", "/incidents/" + id, null).statusCode());
    assertNotEquals(200, send("GET", "/incidents/" + id + "/postmortem", null).statusCode());
  }
}
