package io.statuspage.deploy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subscribers through the real gateway and services in one JVM, as a Statuspage script manages them: an email
 * subscriber (form-encoded, keyed) for one component, a webhook with its secret once, the SSRF refusal, lists and
 * counts, unsubscribe, and an incident's subscriber.
 */
class SubscriberApiTest {

  private static Suite suite;

  @BeforeAll
  static void start() throws IOException {
    suite = Suite.start("subscriber-api-test-key", Map.of());
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
  void subscribersAsAStatuspageScriptManagesThem() {
    HttpResponse<String> component = send("POST", "/components", "{\"component\":{\"name\":\"API\"}}");
    assertEquals(201, component.statusCode(), component.body());
    String componentId = Http.json(component).getString("id");

    String body = form("subscriber[email]", "ops@example.com", "subscriber[component_ids][]", componentId);
    HttpResponse<String> created = send("POST", "/subscribers", body,
      "Content-Type", "application/x-www-form-urlencoded", "Idempotency-Key", "sub-1");
    assertEquals(201, created.statusCode(), created.body());
    JsonObject email = Http.json(created);
    assertEquals("unconfirmed", email.getString("state"));
    assertEquals(List.of(componentId), email.getJsonArray("components").getList());
    HttpResponse<String> replayed = send("POST", "/subscribers", body,
      "Content-Type", "application/x-www-form-urlencoded", "Idempotency-Key", "sub-1");
    assertEquals(created.body(), replayed.body());
    assertEquals("true", replayed.headers().firstValue("Idempotent-Replayed").orElse(null));

    HttpResponse<String> hook = send("POST", "/subscribers", "{\"subscriber\":{\"email\":\"dev@example.com\","
      + "\"endpoint\":\"https://93.184.216.34/status\",\"format\":\"teams\"}}");
    assertEquals(201, hook.statusCode(), hook.body());
    JsonObject webhook = Http.json(hook);
    assertTrue(webhook.getString("secret").startsWith("whsec_"));
    assertEquals("teams", webhook.getString("format"));
    HttpResponse<String> shown = send("GET", "/subscribers/" + webhook.getString("id"), null);
    assertEquals(200, shown.statusCode());
    assertFalse(Http.json(shown).containsKey("secret"));

    for (String target : List.of("https://localhost/hook", "https://[::ffff:127.0.0.1]/hook",
      "https://169.254.169.254/latest")) {
      HttpResponse<String> refused = send("POST", "/subscribers",
        new JsonObject().put("subscriber", new JsonObject().put("email", "x@example.com").put("endpoint", target))
          .encode());
      assertEquals(422, refused.statusCode(), target + " " + refused.body());
      assertEquals("subscriber.endpoint", Http.json(refused).getString("field"));
    }
    HttpResponse<String> unknown = send("POST", "/subscribers",
      "{\"subscriber\":{\"email\":\"x@example.com\",\"component_ids\":[\"nope\"]}}");
    assertEquals(422, unknown.statusCode(), unknown.body());
    assertEquals("subscriber.component_ids", Http.json(unknown).getString("field"));

    JsonArray active = Http.array(send("GET", "/subscribers", null));
    assertEquals(List.of(webhook.getString("id")), ids(active));
    assertEquals(2, ids(Http.array(send("GET", "/subscribers?state=all&limit=10&page=0", null))).size());
    assertEquals(1, Http.json(send("GET", "/subscribers/count?state=unconfirmed", null)).getInteger("count"));
    assertEquals(400, send("GET", "/subscribers?state=gone", null).statusCode());

    HttpResponse<String> patched = send("PATCH", "/subscribers/" + email.getString("id"),
      "{\"subscriber\":{\"component_ids\":[\"" + componentId + "\"]}}");
    assertEquals(200, patched.statusCode(), patched.body());
    HttpResponse<String> resent = send("POST", "/subscribers/" + email.getString("id") + "/resend_confirmation", null);
    assertEquals(201, resent.statusCode(), resent.body());
    HttpResponse<String> deleted = send("DELETE", "/subscribers/" + email.getString("id"), null);
    assertEquals(200, deleted.statusCode(), deleted.body());
    assertEquals("unsubscribed", Http.json(deleted).getString("state"));
    assertEquals(404, send("GET", "/subscribers/nope", null).statusCode());

    HttpResponse<String> incident = send("POST", "/incidents", "{\"incident\":{\"name\":\"Slow API\"}}");
    assertEquals(201, incident.statusCode(), incident.body());
    String incidentId = Http.json(incident).getString("id");
    HttpResponse<String> follower = send("POST", "/incidents/" + incidentId + "/subscribers",
      "{\"subscriber\":{\"email\":\"ops@example.com\",\"skip_confirmation_notification\":true}}");
    assertEquals(201, follower.statusCode(), follower.body());
    assertEquals(incidentId, Http.json(follower).getString("incident_id"));
    assertEquals(1, Http.array(send("GET", "/incidents/" + incidentId + "/subscribers", null)).size());
    assertEquals(404, send("POST", "/incidents/nope/subscribers", "{\"subscriber\":{\"email\":\"a@example.com\"}}")
      .statusCode());
    HttpResponse<String> gone = send("DELETE", "/incidents/" + incidentId + "/subscribers/"
      + Http.json(follower).getString("id"), null);
    assertEquals(200, gone.statusCode(), gone.body());
  }

  private static List<String> ids(JsonArray subscribers) {
    return subscribers.stream().map(s -> ((JsonObject) s).getString("id")).toList();
  }
}
