package io.statuspage.notifier;

import io.statuspage.bus.Services;
import io.statuspage.bus.messages.Event;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.ServiceTestBase;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Webhook deliveries end to end on a real PostgreSQL: events into the notifier's inbox, real HTTP receivers on
 * 127.0.0.1 ({@code webhook.allow.private}), signatures checked here with javax.crypto as the Standard Webhooks spec
 * says. The clock stands still unless a test moves it, so retries happen exactly when a test lets them.
 */
class WebhookDeliveryTest extends ServiceTestBase {

  static final String PAGE = "page1";

  WebhookReceiver receiver;

  WebhookDeliveryTest() {
    super(Services.Notifier.ADDRESS, "notifier");
  }

  @Override
  protected Deployable service(Config config, Health health, Clock clock) {
    return new NotifierServiceVerticle(config, health, clock);
  }

  @Override
  protected Map<String, String> settings() {
    return Map.of("webhook.allow.private", "true", "webhook.timeout", "3s", "webhook.poll", "50ms",
      "webhook.retry.initial", "1m", "webhook.retry.max", "10m", "webhook.per.endpoint", "2",
      "delivery.prune.interval", "200ms");
  }

  @BeforeEach
  void receiver() {
    receiver = new WebhookReceiver(vertx);
  }

  @Test
  void aComponentChangeReachesItsSubscribersSignedAsStandardWebhooksSay() throws Exception {
    String all = webhook("all", "/all", "statuspage", List.of());
    String c1 = webhook("c1", "/c1", "statuspage", List.of("c1"));
    webhook("c2", "/c2", "statuspage", List.of("c2"));
    String quarantined = webhook("q", "/q", "statuspage", List.of());
    sql("UPDATE subscriber SET state = 'quarantined' WHERE id = $1", quarantined);
    sql("INSERT INTO subscriber (id, page_id, mode, email, address, endpoint, format, secret, state, created_at, "
      + "updated_at) VALUES ('other', 'page2', 'webhook', 'o@example.com', $1, $1, 'statuspage', $2, 'active', "
      + "now(), now())", receiver.url("/other"), secret("other"));

    UUID event = componentChanged("c1");

    await(() -> receiver.received.size() >= 2);
    Thread.sleep(300);
    assertEquals(Set.of("/all", "/c1"), receiver.received.stream().map(WebhookReceiver.Received::path)
      .collect(Collectors.toSet()));
    for (WebhookReceiver.Received r : receiver.received) {
      String subscriber = r.path().equals("/all") ? all : c1;
      assertTrue(r.id().startsWith("msg_"));
      assertEquals(expectedSignature(secret(subscriber.equals(all) ? "all" : "c1"), r.id(), r.timestamp(), r.body()),
        r.signature());
      assertEquals(Long.toString(T0.getEpochSecond()), r.timestamp());
      assertEquals("127.0.0.1:" + receiver.port(), r.host());
      JsonObject body = r.json();
      assertEquals(PAGE, body.getJsonObject("page").getString("id"));
      assertNotNull(body.getJsonObject("meta").getString("generated_at"));
      JsonObject update = body.getJsonObject("component_update");
      assertEquals("operational", update.getString("old_status"));
      assertEquals("major_outage", update.getString("new_status"));
      assertEquals("c1", update.getString("component_id"));
      assertEquals("c1", body.getJsonObject("component").getString("id"));
      assertEquals("API", body.getJsonObject("component").getString("name"));
    }
    Row row = sql("SELECT count(*), count(*) FILTER (WHERE state = 'sent' AND attempts = 1 AND last_status = 200) "
      + "FROM delivery WHERE event_id = $1", event).iterator().next();
    assertEquals(2L, row.getLong(0));
    assertEquals(2L, row.getLong(1));
  }

  @Test
  void statuspageBodiesCarryThePagesStatusAndEachSubscribersOwnUnsubscribeLink() throws Exception {
    vertx.eventBus().<JsonObject>consumer(Services.Component.ADDRESS, message -> message.reply(new JsonObject()
      .put("page", new JsonObject().put("id", PAGE).put("name", "Example").put("url", "https://status.example.com/"))
      .put("components", new JsonArray())
      .put("status", new JsonObject().put("indicator", "major").put("description", "Partial System Outage"))));
    String a = webhook("a", "/a", "statuspage", List.of());
    String b = webhook("b", "/b", "statuspage", List.of());

    componentChanged("c1");
    await(() -> receiver.received.size() == 2);
    Set<String> links = new java.util.HashSet<>();
    for (WebhookReceiver.Received r : receiver.received) {
      JsonObject body = r.json();
      assertEquals(new JsonObject().put("id", PAGE).put("status_indicator", "major")
        .put("status_description", "Partial System Outage"), body.getJsonObject("page"));
      String link = body.getJsonObject("meta").getString("unsubscribe");
      String prefix = "https://status.example.com/subscribe/unsubscribe?token=";
      assertTrue(link.startsWith(prefix), link);
      JsonObject unsubscribed = call(Services.Notifier.UNSUBSCRIBE, new JsonObject()
        .put("token", link.substring(prefix.length())));
      assertEquals(r.path().equals("/a") ? a : b, unsubscribed.getString("id"));
      assertEquals("unsubscribed", unsubscribed.getString("state"));
      links.add(link);
    }
    assertEquals(2, links.size());
  }

  @Test
  void anIncidentReachesSubscribersOfAnyAffectedComponentAndAllComponentsOnesUnlessNotToBeDelivered()
    throws Exception {
    webhook("all", "/all", "statuspage", List.of());
    webhook("c1", "/c1", "statuspage", List.of("c1"));
    webhook("c2", "/c2", "statuspage", List.of("c2", "c3"));
    webhook("c4", "/c4", "statuspage", List.of("c4"));

    incident(Services.Incident.INCIDENT_CREATED, List.of("c1", "c3"), false);
    incident(Services.Incident.INCIDENT_CHANGED, List.of("c1", "c3"), true);
    Thread.sleep(400);
    assertEquals(List.of(), receiver.received);
    assertEquals(0L, queryOne("SELECT count(*) FROM delivery").getLong(0));

    incident(Services.Incident.INCIDENT_UPDATED, List.of("c1", "c3"), true);
    await(() -> receiver.received.size() >= 3);
    Thread.sleep(300);
    assertEquals(Set.of("/all", "/c1", "/c2"), receiver.received.stream().map(WebhookReceiver.Received::path)
      .collect(Collectors.toSet()));
    JsonObject incident = receiver.at("/c1").get(0).json().getJsonObject("incident");
    assertEquals("inc1", incident.getString("id"));
    assertEquals("Database slow", incident.getString("name"));
    assertEquals("We are looking into it", incident.getJsonArray("incident_updates").getJsonObject(0)
      .getString("body"));
  }

  @Test
  void failuresAreTriedAgainAfterABackoffUnderTheSameIdUntilOneSucceeds() throws Exception {
    webhook("w", "/w", "statuspage", List.of());
    receiver.answer("/w", new WebhookReceiver.Answer(500, Map.of()),
      new WebhookReceiver.Answer(503, Map.of("Retry-After", "1800")));

    componentChanged("c1");
    await(() -> receiver.received.size() == 1);
    await(() -> queryOne("SELECT attempts FROM delivery").getInteger(0) == 1);
    Row first = queryOne("SELECT attempts, last_status, next_attempt_at, state FROM delivery");
    assertEquals(1, first.getInteger("attempts"));
    assertEquals(500, first.getInteger("last_status"));
    Duration wait = Duration.between(T0, first.getOffsetDateTime("next_attempt_at").toInstant());
    // 1 minute, ±20% jitter.
    assertTrue(wait.compareTo(Duration.ofSeconds(47)) > 0 && wait.compareTo(Duration.ofSeconds(73)) < 0, wait::toString);
    Thread.sleep(300);
    assertEquals(1, receiver.received.size(), "not tried again before its time");

    clock.advance(Duration.ofSeconds(75));
    await(() -> receiver.received.size() == 2);
    await(() -> queryOne("SELECT attempts FROM delivery").getInteger(0) == 2);
    Row second = queryOne("SELECT attempts, last_status, next_attempt_at FROM delivery");
    assertEquals(503, second.getInteger("last_status"));
    // Retry-After (30 minutes) is longer than the backoff (2 minutes): it wins.
    assertEquals(clock.instant().plusSeconds(1800), second.getOffsetDateTime("next_attempt_at").toInstant());

    clock.advance(Duration.ofMinutes(20));
    Thread.sleep(300);
    assertEquals(2, receiver.received.size());
    clock.advance(Duration.ofMinutes(11));
    await(() -> receiver.received.size() == 3);
    await(() -> "sent".equals(queryOne("SELECT state FROM delivery").getString(0)));
    assertEquals(3, queryOne("SELECT attempts FROM delivery").getInteger(0));
    assertEquals(1, receiver.received.stream().map(WebhookReceiver.Received::id).distinct().count());
    assertEquals(1, receiver.received.stream().map(WebhookReceiver.Received::body).distinct().count());
    assertEquals(0, queryOne("SELECT failures FROM subscriber").getInteger(0));
  }

  @Test
  void aRedirectIsAFailureAndIsNotFollowed() throws Exception {
    webhook("w", "/w", "statuspage", List.of());
    receiver.answer("/w", new WebhookReceiver.Answer(302, Map.of("Location", receiver.url("/elsewhere"))));

    componentChanged("c1");
    await(() -> queryOne("SELECT attempts FROM delivery").getInteger(0) == 1);
    Thread.sleep(200);
    assertEquals(List.of("/w"), receiver.received.stream().map(WebhookReceiver.Received::path).toList());
    Row row = queryOne("SELECT state, last_status, last_error FROM delivery");
    assertEquals("pending", row.getString("state"));
    assertEquals(302, row.getInteger("last_status"));
    assertEquals(1, queryOne("SELECT failures FROM subscriber").getInteger(0));
  }

  @Test
  void theDeliveryLogShowsEachDeliveryNewestFirst() throws Exception {
    String id = webhook("w", "/w", "statuspage", List.of());
    receiver.answer("/w", new WebhookReceiver.Answer(500, Map.of()));
    componentChanged("c1");
    await(() -> receiver.received.size() == 1);
    // Later than the first, well before its retry (a minute away, give or take 20%).
    clock.advance(Duration.ofSeconds(1));
    incident(Services.Incident.INCIDENT_CREATED, List.of(), true);
    await(() -> receiver.received.size() == 2);
    await(() -> queryOne("SELECT count(*) FROM delivery WHERE state = 'sent'").getLong(0) == 1);

    JsonArray log = list(Services.Notifier.DELIVERIES, new JsonObject().put("page_id", PAGE).put("subscriber_id", id));
    assertEquals(2, log.size());
    JsonObject sent = log.getJsonObject(0);
    assertEquals(Services.Incident.INCIDENT_CREATED, sent.getString("event_type"));
    assertEquals("sent", sent.getString("state"));
    assertEquals(200, sent.getInteger("status_code"));
    assertNull(sent.getValue("next_attempt_at"));
    JsonObject failed = log.getJsonObject(1);
    assertEquals(Services.Component.STATUS_CHANGED, failed.getString("event_type"));
    assertEquals("pending", failed.getString("state"));
    assertEquals(1, failed.getInteger("attempts"));
    assertEquals(500, failed.getInteger("status_code"));
    assertEquals("HTTP 500", failed.getString("error"));
    assertNotNull(failed.getString("next_attempt_at"));
    assertEquals(receiver.at("/w").get(0).id(), failed.getString("id"));

    assertEquals(404, failure(Services.Notifier.DELIVERIES, new JsonObject().put("page_id", "page2")
      .put("subscriber_id", id), 404).getInteger("status"));
  }

  @Test
  void goneDisablesTheSubscriberAndAsksToTellItsContact() throws Exception {
    String id = webhook("w", "/w", "statuspage", List.of());
    receiver.answer("/w", new WebhookReceiver.Answer(410, Map.of()));

    componentChanged("c1");
    await(() -> "quarantined".equals(queryOne("SELECT state FROM subscriber").getString(0)));
    assertEquals("stopped", queryOne("SELECT state FROM delivery WHERE channel = 'webhook'").getString(0));
    assertEquals("gone", queryOne("SELECT reason FROM contact_notice WHERE subscriber_id = '" + id + "'")
      .getString(0));

    componentChanged("c1");
    Thread.sleep(300);
    assertEquals(1, receiver.received.size(), "a disabled subscriber gets nothing");
  }

  @Test
  void tenFailuresOverAboutAnHourQuarantineUntilReactivated() throws Exception {
    String id = webhook("w", "/w", "statuspage", List.of());
    for (int i = 0; i < 20; i++) {
      receiver.answer("/w", new WebhookReceiver.Answer(500, Map.of()));
    }
    componentChanged("c1");
    for (int n = 1; n <= 9; n++) {
      int expected = n;
      await(() -> receiver.received.size() == expected);
      await(() -> queryOne("SELECT attempts FROM delivery").getInteger(0) == expected);
      assertEquals("active", queryOne("SELECT state FROM subscriber").getString(0), "after " + n);
      // Past the longest backoff (10 minutes and its jitter): nine of these make the run of failures 108 minutes.
      clock.advance(Duration.ofMinutes(12));
    }
    await(() -> receiver.received.size() == 10);
    await(() -> "quarantined".equals(queryOne("SELECT state FROM subscriber").getString(0)));
    Row s = queryOne("SELECT quarantined_at, purge_at FROM subscriber");
    assertEquals(clock.instant(), s.getOffsetDateTime("quarantined_at").toInstant());
    assertEquals(clock.instant().plus(Duration.ofDays(90)), s.getOffsetDateTime("purge_at").toInstant());
    assertEquals("stopped", queryOne("SELECT state FROM delivery WHERE channel = 'webhook'").getString(0));
    assertEquals("quarantined", queryOne("SELECT reason FROM contact_notice").getString(0));
    assertEquals(1L, queryOne("SELECT count(*) FROM outbox WHERE type = 'subscriber.changed'").getLong(0));

    clock.advance(Duration.ofHours(1));
    componentChanged("c1");
    Thread.sleep(300);
    assertEquals(10, receiver.received.size());

    call(Services.Notifier.REACTIVATE, new JsonObject().put("page_id", PAGE).put("subscriber_id", id));
    receiver.clear("/w");
    componentChanged("c1");
    await(() -> receiver.received.size() == 11);
    await(() -> queryOne("SELECT count(*) FROM delivery WHERE state = 'sent'").getLong(0) == 1);
  }

  @Test
  void quarantinedSubscribersArePurgedOncePastPurgeAt() {
    String kept = webhook("kept", "/kept", "statuspage", List.of());
    String due = webhook("due", "/due", "statuspage", List.of());
    String active = webhook("active", "/active", "statuspage", List.of());
    java.time.OffsetDateTime now = java.time.OffsetDateTime.ofInstant(T0, java.time.ZoneOffset.UTC);
    sql("UPDATE subscriber SET state = 'quarantined', quarantined_at = $2, purge_at = $3 WHERE id = $1", kept,
      now.minusDays(89), now.plusDays(1));
    sql("UPDATE subscriber SET state = 'quarantined', quarantined_at = $2, purge_at = $3 WHERE id = $1", due,
      now.minusDays(91), now.minusDays(1));
    sql("UPDATE subscriber SET purge_at = $2 WHERE id = $1", active, now.minusDays(1));
    io.vertx.sqlclient.Pool pool = io.vertx.pgclient.PgBuilder.pool()
      .connectingTo(new io.vertx.pgclient.PgConnectOptions(db).addProperty("search_path", "notifier")).using(vertx)
      .build();

    assertEquals(1, new DeliveryRepository().purge(pool, now).await());
    assertEquals(Set.of(kept, active), sql("SELECT id FROM subscriber").stream().map(r -> r.getString(0))
      .collect(Collectors.toSet()));
  }

  @Test
  void fewerThanTenFailuresInAnHourDoNotQuarantine() throws Exception {
    webhook("w", "/w", "statuspage", List.of());
    for (int i = 0; i < 12; i++) {
      receiver.answer("/w", new WebhookReceiver.Answer(500, Map.of()));
    }
    // Twelve events failing at once: ten failures, but within a minute, not over an hour.
    for (int i = 0; i < 12; i++) {
      componentChanged("c1");
    }
    await(() -> receiver.received.size() == 12);
    Thread.sleep(200);
    assertEquals("active", queryOne("SELECT state FROM subscriber").getString(0));
    assertEquals(12, queryOne("SELECT failures FROM subscriber").getInteger(0));
  }

  @Test
  void aSlowEndpointDoesNotDelayAnother() throws Exception {
    webhook("slow", "/slow", "statuspage", List.of());
    receiver.delay("/slow", 2000);
    for (int i = 0; i < 6; i++) {
      componentChanged("c1");
    }
    await(() -> receiver.at("/slow").size() == 2);
    webhook("fast", "/fast", "statuspage", List.of());

    long sent = System.currentTimeMillis();
    componentChanged("c1");
    await(() -> receiver.at("/fast").size() == 1);
    long took = receiver.at("/fast").get(0).receivedAtMillis() - sent;
    assertTrue(took < 1000, "the fast endpoint waited " + took + " ms");
    // The slow one is held to its two slots.
    assertEquals(2, receiver.at("/slow").size());
  }

  @Test
  void thePageIsAskedForBeforeTheEventsTransactionOpens() throws Exception {
    // component-service answers after 300 ms; meanwhile no transaction may sit open waiting for it.
    Pool watcher = PgBuilder.pool().connectingTo(db).using(vertx).build();
    List<Long> heldOpen = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Services.Component.ADDRESS, message -> vertx.setTimer(300, t -> watcher
      .query("SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction' "
        + "AND state_change < now() - interval '250 milliseconds'").execute()
      .onComplete(rows -> {
        heldOpen.add(rows.succeeded() ? rows.result().iterator().next().getLong(0) : -1L);
        message.reply(new JsonObject().put("page", new JsonObject().put("id", PAGE).put("name", "Example")
            .put("url", "https://status.example.com/")).put("components", new JsonArray())
          .put("status", new JsonObject().put("indicator", "none").put("description", "All Systems Operational")));
      })));
    webhook("a", "/a", "statuspage", List.of());
    componentChanged("c1");
    await(() -> receiver.received.size() == 1);
    assertEquals(List.of(0L), heldOpen);
    assertEquals("none", receiver.received.get(0).json().getJsonObject("page").getString("status_indicator"));
  }

  @Test
  void finishedDeliveriesAndTheirPayloadsGoAfterTheRetentionPendingOnesStay() throws Exception {
    webhook("a", "/a", "statuspage", List.of());
    componentChanged("c1");
    await(() -> receiver.received.size() == 1);
    await(() -> queryOne("SELECT count(*) FROM delivery WHERE state = 'sent'").getLong(0) == 1);
    receiver.answer("/a", new WebhookReceiver.Answer(500, Map.of()));
    componentChanged("c2");
    await(() -> queryOne("SELECT count(*) FROM delivery WHERE state = 'pending' AND attempts = 1").getLong(0) == 1);
    // Still to be sent, and not due again within this test.
    sql("UPDATE delivery SET next_attempt_at = '2200-01-01T00:00:00Z' WHERE state = 'pending'");
    assertEquals(2L, queryOne("SELECT count(*) FROM event_payload").getLong(0));

    clock.advance(Duration.ofDays(29));
    Thread.sleep(600);
    assertEquals(2L, queryOne("SELECT count(*) FROM delivery").getLong(0), "kept within the 30 days");
    clock.advance(Duration.ofDays(2));
    await(() -> queryOne("SELECT count(*) FROM delivery").getLong(0) == 1);
    Row left = queryOne("SELECT state, (SELECT count(*) FROM event_payload) FROM delivery");
    assertEquals("pending", left.getString(0), "a row still to be sent stays, however old");
    assertEquals(1L, left.getLong(1), "only the payload a row still needs");
  }

  @Test
  void aRedeliveredEventCreatesNothingTwice() throws Exception {
    webhook("a", "/a", "statuspage", List.of());
    webhook("b", "/b", "statuspage", List.of());
    JsonObject event = componentEvent("c1");

    inbox(event);
    inbox(event);
    // Even when the record of having taken it is lost, the deliveries are unique per (event, subscriber).
    sql("DELETE FROM received_event");
    inbox(event);

    await(() -> receiver.received.size() >= 2);
    Thread.sleep(300);
    assertEquals(2, receiver.received.size());
    assertEquals(2L, queryOne("SELECT count(*) FROM delivery").getLong(0));
  }

  @Test
  void slackAndTeamsSubscribersGetMessagesInTheirShape() throws Exception {
    webhook("slack", "/slack", "slack", List.of());
    webhook("teams", "/teams", "teams", List.of());

    componentChanged("c1");
    incident(Services.Incident.INCIDENT_CREATED, List.of("c1"), true);

    await(() -> receiver.received.size() == 4);
    List<JsonObject> slack = receiver.at("/slack").stream().map(WebhookReceiver.Received::json).toList();
    assertEquals(Set.of("text"), slack.get(0).fieldNames());
    Set<String> texts = slack.stream().map(j -> j.getString("text")).collect(Collectors.toSet());
    assertTrue(texts.contains("*API* is now Major Outage (was Operational)"), texts::toString);
    assertTrue(texts.contains("*Database slow* is Investigating\nWe are looking into it"), texts::toString);

    List<JsonObject> teams = receiver.at("/teams").stream().map(WebhookReceiver.Received::json).toList();
    for (JsonObject card : teams) {
      assertEquals("MessageCard", card.getString("@type"));
      assertEquals("https://schema.org/extensions", card.getString("@context"));
      assertNotNull(card.getString("summary"));
    }
    assertTrue(teams.stream().anyMatch(c -> c.getString("title").equals("API is Major Outage")));
    assertTrue(teams.stream().anyMatch(c -> c.getString("text").equals(
      "**Database slow** is Investigating\nWe are looking into it")));
  }

  // Helpers

  /** An active webhook subscriber of {@link #PAGE}; its secret is {@link #secret(String)} of {@code name}. */
  String webhook(String name, String path, String format, List<String> components) {
    String id = "sub-" + name;
    sql("INSERT INTO subscriber (id, page_id, mode, email, address, endpoint, format, secret, component_ids, state, "
        + "created_at, updated_at, confirmed_at) VALUES ($1, $2, 'webhook', $3, $4, $4, $5, $6, $7, 'active', $8, $8, "
        + "$8)", id, PAGE, name + "@example.com", receiver.url(path), format, secret(name),
      components.toArray(String[]::new), java.time.OffsetDateTime.ofInstant(T0, java.time.ZoneOffset.UTC));
    return id;
  }

  /** A fixed whsec_ secret per name. */
  static String secret(String name) {
    byte[] key = new byte[24];
    new java.util.Random(name.hashCode()).nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  /** Standard Webhooks, independently: HMAC-SHA256 keyed by the base64-decoded secret over id.timestamp.body. */
  static String expectedSignature(String secret, String id, String timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(
      (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
  }

  JsonObject componentEvent(String componentId) {
    JsonObject component = new JsonObject().put("id", componentId).put("page_id", PAGE).put("name", "API")
      .put("status", "major_outage");
    return JsonObject.mapFrom(new Event(UUID.randomUUID(), Services.Component.STATUS_CHANGED, T0, new JsonObject()
      .put("page_id", PAGE).put("component", component).put("old_status", "operational")
      .put("new_status", "major_outage").put("actor", "key:test")));
  }

  UUID componentChanged(String componentId) {
    JsonObject event = componentEvent(componentId);
    inbox(event);
    return UUID.fromString(event.getString("id"));
  }

  void incident(String type, List<String> components, boolean deliver) {
    JsonArray affected = new JsonArray();
    components.forEach(c -> affected.add(new JsonObject().put("id", c).put("name", c)));
    JsonObject incident = new JsonObject().put("id", "inc1").put("page_id", PAGE).put("name", "Database slow")
      .put("status", "investigating").put("components", affected)
      .put("incident_updates", new JsonArray().add(new JsonObject().put("id", "upd1")
        .put("status", "investigating").put("body", "We are looking into it")));
    inbox(JsonObject.mapFrom(new Event(UUID.randomUUID(), type, T0, new JsonObject().put("page_id", PAGE)
      .put("incident", incident).put("incident_update_id", "upd1").put("deliver_notifications", deliver))));
  }

  void inbox(JsonObject event) {
    vertx.eventBus().request(Services.Notifier.INBOX, event).await();
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long end = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < end) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(20);
    }
    fail("condition not met within 10 s");
  }
}
