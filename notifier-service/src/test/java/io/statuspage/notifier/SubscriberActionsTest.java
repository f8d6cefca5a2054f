package io.statuspage.notifier;

import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.ServiceTestBase;
import io.vertx.core.Deployable;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subscribers over the bus on a real PostgreSQL, with component-service and incident-service played by consumers
 * that know page {@link #PAGE}, its components c1 and c2, and incident inc1.
 */
class SubscriberActionsTest extends ServiceTestBase {

  static final String PAGE = "page1";

  SubscriberActionsTest() {
    super(Services.Notifier.ADDRESS, "notifier");
  }

  @Override
  protected Deployable service(Config config, Health health, Clock clock) {
    return new NotifierServiceVerticle(config, health, clock);
  }

  @BeforeEach
  void otherServices() {
    vertx.eventBus().<JsonObject>consumer(Services.Component.ADDRESS, message -> {
      JsonObject body = message.body();
      if (!PAGE.equals(body.getString("page_id"))) {
        refuse(message, ServiceError.notFound("page", body.getString("page_id")));
        return;
      }
      for (Object id : body.getJsonArray("component_ids", new JsonArray())) {
        if (!Set.of("c1", "c2").contains(id)) {
          refuse(message, ServiceError.unprocessable("incident.component_ids", "No component with id " + id));
          return;
        }
      }
      message.reply(new JsonObject().put("components", new JsonArray()).put("changes", new JsonArray()));
    });
    vertx.eventBus().<JsonObject>consumer(Services.Incident.ADDRESS, message -> {
      if (PAGE.equals(message.body().getString("page_id")) && "inc1".equals(message.body().getString("incident_id"))) {
        message.reply(new JsonObject().put("id", "inc1"));
      } else {
        refuse(message, ServiceError.notFound("incident", message.body().getString("incident_id")));
      }
    });
  }

  @Test
  void aNewEmailSubscriberIsUnconfirmedAndOnlyItsConfirmationIsAskedFor() {
    JsonObject s = create(new JsonObject().put("email", "Ops@Example.com").put("component_ids", List.of("c1")));

    assertEquals("email", s.getString("mode"));
    assertEquals("Ops@Example.com", s.getString("email"));
    assertEquals("unconfirmed", s.getString("state"));
    assertEquals(List.of("c1"), s.getJsonArray("components").getList());
    assertNull(s.getValue("endpoint"));
    assertNull(s.getValue("format"));
    assertFalse(s.containsKey("secret"));
    assertEquals(1L, count("SELECT count(*) FROM confirmation_request WHERE subscriber_id = $1 AND sent_at IS NULL",
      s.getString("id")));
    assertEquals(1L, count("SELECT count(*) FROM outbox WHERE type = $1", Services.Notifier.SUBSCRIBER_CHANGED));
  }

  @Test
  void theSameAddressAgainIsTheSameSubscriberUnchanged() {
    JsonObject first = create(new JsonObject().put("email", "ops@example.com"));
    JsonObject again = create(new JsonObject().put("email", " OPS@example.COM ").put("component_ids", List.of("c2")));

    assertEquals(first, again);
    assertEquals(1L, count("SELECT count(*) FROM subscriber"));
    assertEquals(1L, count("SELECT count(*) FROM confirmation_request"));
    assertEquals(1L, count("SELECT count(*) FROM outbox"));
  }

  @Test
  void skippingTheConfirmationMakesItActiveWithoutAMail() {
    JsonObject s = create(new JsonObject().put("email", "ops@example.com").put("skip_confirmation_notification", true));

    assertEquals("active", s.getString("state"));
    assertTrue(s.getBoolean("skip_confirmation_notification"));
    assertNotNull(s.getString("confirmed_at"));
    assertEquals(0L, count("SELECT count(*) FROM confirmation_request"));
  }

  @Test
  void theConfirmationTokenActivatesOnceAndExpiresAfterSevenDays() {
    JsonObject s = create(new JsonObject().put("email", "ops@example.com"));
    String token = tokens().confirm(s.getString("id"));

    JsonObject confirmed = call(Services.Notifier.CONFIRM, new JsonObject().put("token", token));
    assertEquals("active", confirmed.getString("state"));
    clock.advance(Duration.ofMinutes(5));
    assertEquals(confirmed, call(Services.Notifier.CONFIRM, new JsonObject().put("token", token)));
    assertEquals(2L, count("SELECT count(*) FROM outbox"));

    JsonObject late = create(new JsonObject().put("email", "late@example.com"));
    String lateToken = tokens().confirm(late.getString("id"));
    clock.advance(Duration.ofDays(7).plusSeconds(1));
    assertEquals("token", failure(Services.Notifier.CONFIRM, new JsonObject().put("token", lateToken), 422)
      .getString("field"));
    assertEquals("unconfirmed", get(late.getString("id")).getString("state"));
    // A manage or unsubscribe token cannot confirm, nor a forged one.
    failure(Services.Notifier.CONFIRM, new JsonObject().put("token", tokens().unsubscribe(late.getString("id"))), 422);
    failure(Services.Notifier.CONFIRM, new JsonObject().put("token", token.substring(0, token.length() - 2)), 422);
  }

  @Test
  void anUnsubscribeTokenUnsubscribesForGoodAndTheAddressMaySubscribeAfresh() {
    JsonObject s = create(new JsonObject().put("email", "ops@example.com"));
    String id = s.getString("id");

    JsonObject gone = call(Services.Notifier.UNSUBSCRIBE, new JsonObject().put("token", tokens().unsubscribe(id)));
    assertEquals("unsubscribed", gone.getString("state"));
    assertNotNull(gone.getString("unsubscribed_at"));
    // One-click may come twice; the manage link's token unsubscribes as well.
    assertEquals(gone, call(Services.Notifier.UNSUBSCRIBE, new JsonObject().put("token", tokens().manage(id))));
    // Its confirmation link is dead now.
    failure(Services.Notifier.CONFIRM, new JsonObject().put("token", tokens().confirm(id)), 422);
    failure(Services.Notifier.UPDATE, new JsonObject().put("page_id", PAGE).put("subscriber_id", id)
      .put("subscriber", new JsonObject().put("component_ids", List.of("c1"))), 422);

    JsonObject again = create(new JsonObject().put("email", "ops@example.com"));
    assertNotEquals(id, again.getString("id"));
    assertEquals("unconfirmed", again.getString("state"));
    // The old subscriber's tokens do not reach the new one.
    call(Services.Notifier.UNSUBSCRIBE, new JsonObject().put("token", tokens().unsubscribe(id)));
    assertEquals("unconfirmed", get(again.getString("id")).getString("state"));
  }

  @Test
  void theManageTokenShowsAndChangesItsSubscriberOnly() {
    JsonObject s = create(new JsonObject().put("email", "ops@example.com").put("component_ids", List.of("c1")));
    String id = s.getString("id");
    String manage = tokens().manage(id);

    assertEquals(s, call(Services.Notifier.MANAGE_GET, new JsonObject().put("token", manage)));
    JsonObject changed = call(Services.Notifier.MANAGE_UPDATE, new JsonObject().put("token", manage)
      .put("component_ids", List.of("c2", "c1", "c2")));
    assertEquals(List.of("c2", "c1"), changed.getJsonArray("components").getList());
    assertEquals(changed, get(id));
    assertEquals(2L, count("SELECT count(*) FROM outbox WHERE type = $1", Services.Notifier.SUBSCRIBER_CHANGED));
    // No list means every component.
    JsonObject all = call(Services.Notifier.MANAGE_UPDATE, new JsonObject().put("token", manage));
    assertEquals(List.of(), all.getJsonArray("components").getList());

    // An unknown component, a forged token or one of another purpose changes nothing.
    assertEquals("component_ids", failure(Services.Notifier.MANAGE_UPDATE, new JsonObject().put("token", manage)
      .put("component_ids", List.of("c1", "nope")), 422).getString("field"));
    assertEquals("component_ids", failure(Services.Notifier.MANAGE_UPDATE, new JsonObject().put("token", manage)
      .put("component_ids", "c1"), 400).getString("field"));
    for (String wrong : List.of(tokens().unsubscribe(id), tokens().confirm(id), manage.substring(0, manage.length() - 3),
      "x.y", Tokens.create(new byte[32], clock).manage(id))) {
      assertEquals("token", failure(Services.Notifier.MANAGE_GET, new JsonObject().put("token", wrong), 422)
        .getString("field"), wrong);
      assertEquals("token", failure(Services.Notifier.MANAGE_UPDATE, new JsonObject().put("token", wrong)
        .put("component_ids", List.of("c1")), 422).getString("field"), wrong);
    }
    assertEquals(List.of(), get(id).getJsonArray("components").getList());

    // Once unsubscribed the page still shows it, but nothing can be changed.
    call(Services.Notifier.UNSUBSCRIBE, new JsonObject().put("token", manage));
    assertEquals("unsubscribed", call(Services.Notifier.MANAGE_GET, new JsonObject().put("token", manage))
      .getString("state"));
    assertEquals("token", failure(Services.Notifier.MANAGE_UPDATE, new JsonObject().put("token", manage)
      .put("component_ids", List.of("c1")), 422).getString("field"));
    // A token of a subscriber that does not exist (purged) is refused like a forged one.
    assertEquals("token", failure(Services.Notifier.MANAGE_GET, new JsonObject().put("token", tokens().manage("gone")),
      422).getString("field"));
  }

  @Test
  void aWebhookIsActiveAndItsSecretIsShownOnce() {
    JsonObject s = create(new JsonObject().put("email", "ops@example.com")
      .put("endpoint", "https://93.184.216.34/hooks/status"));

    assertEquals("webhook", s.getString("mode"));
    assertEquals("active", s.getString("state"));
    assertEquals("statuspage", s.getString("format"));
    String secret = s.getString("secret");
    assertTrue(secret.startsWith("whsec_"), secret);
    assertTrue(Base64.getDecoder().decode(secret.substring(6)).length >= 24);
    assertEquals(secret, queryOne("SELECT secret FROM subscriber").getString(0));
    assertEquals(0L, count("SELECT count(*) FROM confirmation_request"));

    assertFalse(get(s.getString("id")).containsKey("secret"));
    JsonObject again = create(new JsonObject().put("email", "other@example.com")
      .put("endpoint", "https://93.184.216.34/hooks/status"));
    assertEquals(s.getString("id"), again.getString("id"));
    assertFalse(again.containsKey("secret"));
    assertFalse(list(Services.Notifier.LIST, new JsonObject().put("page_id", PAGE)).getJsonObject(0)
      .containsKey("secret"));

    JsonObject slack = create(new JsonObject().put("email", "ops@example.com")
      .put("endpoint", "https://93.184.216.34/slack").put("format", "slack"));
    assertEquals("slack", slack.getString("format"));
  }

  @Test
  void webhooksToInternalAddressesAreRefusedAndNothingIsWritten() {
    for (String endpoint : List.of("https://127.0.0.1/x", "https://localhost/x", "https://[::1]/x",
      "https://[::ffff:127.0.0.1]/x", "https://[fd00::1]/x", "https://169.254.169.254/x", "https://10.0.0.5/x",
      "http://93.184.216.34/x")) {
      JsonObject problem = failure(Services.Notifier.CREATE, new JsonObject().put("page_id", PAGE).put("subscriber",
        new JsonObject().put("email", "ops@example.com").put("endpoint", endpoint)), 422);
      assertEquals("subscriber.endpoint", problem.getString("field"), endpoint);
    }
    assertEquals(0L, count("SELECT count(*) FROM subscriber"));
  }

  @Test
  void unknownComponentsPagesAndBadInputAreRefused() {
    assertEquals("subscriber.component_ids", failure(Services.Notifier.CREATE, new JsonObject().put("page_id", PAGE)
      .put("subscriber", new JsonObject().put("email", "a@example.com").put("component_ids", List.of("c1", "nope"))),
      422).getString("field"));
    failure(Services.Notifier.CREATE, new JsonObject().put("page_id", "other")
      .put("subscriber", new JsonObject().put("email", "a@example.com")), 404);
    assertEquals("subscriber.email", failure(Services.Notifier.CREATE, new JsonObject().put("page_id", PAGE)
      .put("subscriber", new JsonObject().put("email", "not an address")), 422).getString("field"));
    assertEquals("subscriber.format", failure(Services.Notifier.CREATE, new JsonObject().put("page_id", PAGE)
      .put("subscriber", new JsonObject().put("email", "a@example.com").put("format", "slack")), 422)
      .getString("field"));
    assertEquals("subscriber.email", failure(Services.Notifier.CREATE, new JsonObject().put("page_id", PAGE)
      .put("subscriber", new JsonObject().put("email", 5)), 400).getString("field"));
    failure(Services.Notifier.LIST, new JsonObject().put("page_id", "other"), 404);
    failure(Services.Notifier.GET, new JsonObject().put("page_id", PAGE).put("subscriber_id", "nope"), 404);
    assertEquals(0L, count("SELECT count(*) FROM subscriber"));
  }

  @Test
  void listsAndCountsFilterByStateTypeAndTextAndPageFromZero() {
    JsonObject a = create(new JsonObject().put("email", "alice@example.com").put("skip_confirmation_notification", true));
    clock.advance(Duration.ofSeconds(1));
    JsonObject b = create(new JsonObject().put("email", "bob@example.com"));
    clock.advance(Duration.ofSeconds(1));
    JsonObject w = create(new JsonObject().put("email", "ops@example.com").put("endpoint", "https://93.184.216.34/h"));
    clock.advance(Duration.ofSeconds(1));
    JsonObject q = create(new JsonObject().put("email", "quinn@example.com").put("skip_confirmation_notification", true));
    sql("UPDATE subscriber SET state = 'quarantined', quarantined_at = now(), purge_at = now() + interval '90 days' "
      + "WHERE id = $1", q.getString("id"));

    assertEquals(List.of(a.getString("id"), w.getString("id")), ids(new JsonObject()));
    assertEquals(List.of(a.getString("id"), b.getString("id"), w.getString("id"), q.getString("id")),
      ids(new JsonObject().put("state", "all")));
    assertEquals(List.of(b.getString("id")), ids(new JsonObject().put("state", "unconfirmed")));
    assertEquals(List.of(q.getString("id")), ids(new JsonObject().put("state", "quarantined")));
    assertEquals(List.of(w.getString("id")), ids(new JsonObject().put("type", "webhook")));
    assertEquals(List.of(w.getString("id")), ids(new JsonObject().put("q", "93.184")));
    assertEquals(List.of(b.getString("id")), ids(new JsonObject().put("q", "BOB").put("state", "all")));
    assertEquals(List.of(), ids(new JsonObject().put("q", "%").put("state", "all")));
    assertEquals(List.of(a.getString("id")), ids(new JsonObject().put("limit", 1).put("page", 0)));
    assertEquals(List.of(w.getString("id")), ids(new JsonObject().put("limit", 1).put("page", 1)));
    assertEquals(List.of(w.getString("id")), ids(new JsonObject().put("limit", "1").put("page", "1")));

    assertEquals(2, count(new JsonObject()));
    assertEquals(4, count(new JsonObject().put("state", "all")));
    assertEquals(3, count(new JsonObject().put("state", "all").put("type", "email")));
    failure(Services.Notifier.LIST, new JsonObject().put("page_id", PAGE).put("state", "gone"), 400);
    failure(Services.Notifier.LIST, new JsonObject().put("page_id", PAGE).put("page", -1), 400);
  }

  @Test
  void componentsChangeResendReactivateAndDelete() {
    JsonObject s = create(new JsonObject().put("email", "ops@example.com"));
    String id = s.getString("id");
    JsonObject key = new JsonObject().put("page_id", PAGE).put("subscriber_id", id);

    JsonObject patched = call(Services.Notifier.UPDATE, key.copy()
      .put("subscriber", new JsonObject().put("component_ids", List.of("c2", "c1"))));
    assertEquals(List.of("c2", "c1"), patched.getJsonArray("components").getList());
    assertEquals("subscriber.component_ids", failure(Services.Notifier.UPDATE, key.copy()
      .put("subscriber", new JsonObject().put("component_ids", List.of("zz"))), 422).getString("field"));

    call(Services.Notifier.RESEND_CONFIRMATION, key);
    assertEquals(2L, count("SELECT count(*) FROM confirmation_request WHERE subscriber_id = $1", id));
    assertEquals("subscriber_id", failure(Services.Notifier.REACTIVATE, key, 422).getString("field"));

    call(Services.Notifier.CONFIRM, new JsonObject().put("token", tokens().confirm(id)));
    failure(Services.Notifier.RESEND_CONFIRMATION, key, 422);
    sql("UPDATE subscriber SET state = 'quarantined', quarantined_at = now(), purge_at = now() + interval '90 days' "
      + "WHERE id = $1", id);
    JsonObject back = call(Services.Notifier.REACTIVATE, key);
    assertEquals("active", back.getString("state"));
    assertNull(back.getValue("quarantined_at"));
    assertNull(back.getValue("purge_at"));

    JsonObject deleted = call(Services.Notifier.DELETE, key);
    assertEquals("unsubscribed", deleted.getString("state"));
    assertEquals(deleted, call(Services.Notifier.DELETE, key));
    assertEquals(deleted, get(id));
  }

  @Test
  void aKeyedCreateIsAppliedOnce() {
    JsonObject body = new JsonObject().put("page_id", PAGE).put("subscriber", new JsonObject()
      .put("email", "ops@example.com").put("endpoint", "https://93.184.216.34/h"));
    JsonObject first = keyed(Services.Notifier.CREATE, body, "req-1");
    sql("UPDATE subscriber SET state = 'unsubscribed', unsubscribed_at = now()");
    JsonObject retried = keyed(Services.Notifier.CREATE, body, "req-1");

    assertEquals(first, retried);
    assertEquals(1L, count("SELECT count(*) FROM subscriber"));
  }

  @Test
  void incidentSubscribersHearOfOneIncident() {
    JsonObject at = new JsonObject().put("page_id", PAGE).put("incident_id", "inc1");
    JsonObject s = call(Services.Notifier.INCIDENT_CREATE, at.copy()
      .put("subscriber", new JsonObject().put("email", "ops@example.com")));
    assertEquals("inc1", s.getString("incident_id"));
    assertEquals("unconfirmed", s.getString("state"));
    assertEquals(s, call(Services.Notifier.INCIDENT_CREATE, at.copy()
      .put("subscriber", new JsonObject().put("email", "OPS@example.com"))));
    assertEquals(1L, count("SELECT count(*) FROM confirmation_request"));
    // A page subscription of the same address is another subscriber.
    assertNotEquals(s.getString("id"), create(new JsonObject().put("email", "ops@example.com")).getString("id"));

    assertEquals(List.of(s), list(Services.Notifier.INCIDENT_LIST, at.copy()).getList().stream()
      .map(o -> o instanceof JsonObject j ? j : new JsonObject((java.util.Map<String, Object>) o)).toList());
    assertEquals(1, list(Services.Notifier.LIST, new JsonObject().put("page_id", PAGE).put("state", "all")).size());
    JsonObject key = at.copy().put("subscriber_id", s.getString("id"));
    assertEquals(s, call(Services.Notifier.INCIDENT_GET, key));
    failure(Services.Notifier.INCIDENT_GET, key.copy().put("incident_id", "inc2"), 404);
    assertEquals("unsubscribed", call(Services.Notifier.INCIDENT_DELETE, key).getString("state"));
    assertEquals(0, list(Services.Notifier.INCIDENT_LIST, at.copy()).size());
    failure(Services.Notifier.INCIDENT_CREATE, at.copy().put("incident_id", "inc2")
      .put("subscriber", new JsonObject().put("email", "ops@example.com")), 404);
  }

  @Test
  void concurrentSubscriptionsOfOneAddressMakeOneSubscriber() {
    List<io.vertx.core.Future<Object>> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sent.add(request(Services.Notifier.CREATE, new JsonObject().put("page_id", PAGE)
        .put("subscriber", new JsonObject().put("email", i % 2 == 0 ? "ops@example.com" : "OPS@EXAMPLE.COM"))));
    }
    io.vertx.core.Future.all(sent).await();

    assertEquals(1, sent.stream().map(f -> ((JsonObject) f.result()).getString("id")).distinct().count());
    assertEquals(1L, count("SELECT count(*) FROM subscriber"));
    assertEquals(1L, count("SELECT count(*) FROM confirmation_request"));
  }

  @Test
  void instancesAgreeOnTheTokenKey() {
    byte[] stored = queryOne("SELECT key FROM token_key").getBuffer(0).getBytes();
    undeploy();
    redeploy();
    assertEquals(1L, count("SELECT count(*) FROM token_key"));
    assertTrue(java.util.Arrays.equals(stored, queryOne("SELECT key FROM token_key").getBuffer(0).getBytes()));
    JsonObject s = create(new JsonObject().put("email", "ops@example.com"));
    assertEquals("active", call(Services.Notifier.CONFIRM,
      new JsonObject().put("token", Tokens.create(stored, clock).confirm(s.getString("id")))).getString("state"));
  }

  // Helpers

  private JsonObject create(JsonObject subscriber) {
    return call(Services.Notifier.CREATE, new JsonObject().put("page_id", PAGE).put("subscriber", subscriber));
  }

  private JsonObject get(String id) {
    return call(Services.Notifier.GET, new JsonObject().put("page_id", PAGE).put("subscriber_id", id));
  }

  private List<Object> ids(JsonObject query) {
    return list(Services.Notifier.LIST, query.put("page_id", PAGE)).stream()
      .map(o -> (Object) ((JsonObject) o).getString("id")).toList();
  }

  private long count(JsonObject query) {
    return call(Services.Notifier.COUNT, query.put("page_id", PAGE)).getLong("count");
  }

  private long count(String statement, Object... params) {
    return sql(statement, params).iterator().next().getLong(0);
  }

  private JsonObject keyed(String action, JsonObject body, String requestId) {
    return vertx.eventBus().<JsonObject>request(Services.Notifier.ADDRESS, body, new DeliveryOptions()
        .addHeader(Services.ACTION, action).addHeader(Services.REQUEST_ID, requestId).setSendTimeout(10_000))
      .map(Message::body).await();
  }

  /** Tokens signed with the key the service stored on its first start. */
  private Tokens tokens() {
    return Tokens.create(queryOne("SELECT key FROM token_key").getBuffer(0).getBytes(), clock);
  }

  private static void refuse(Message<?> message, ServiceError error) {
    message.fail(error.status(), error.toProblem().encode());
  }
}
