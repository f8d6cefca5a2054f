package io.statuspage.notifier;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.statuspage.bus.messages.Event;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.ServiceTestBase;
import io.vertx.core.Deployable;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.statuspage.notifier.WebhookDeliveryTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mails end to end: subscribers over the bus and events into the inbox on a real PostgreSQL, mails to a real SMTP
 * server (GreenMail on 127.0.0.1), read back and taken apart here. component-service is played by a consumer that
 * knows page {@link #PAGE} (its address {@link #PAGE_URL}) and components c1, c2; incident-service knows inc1.
 */
class EmailDeliveryTest extends ServiceTestBase {

  static final String PAGE = "page1";
  static final String PAGE_URL = "https://status.example.com";
  static final Pattern LINK = Pattern.compile(Pattern.quote(PAGE_URL) + "(/subscribe/[a-z]+)\\?token=([A-Za-z0-9_.-]+)");

  static int smtpPort;
  static GreenMail smtp;

  EmailDeliveryTest() {
    super(Services.Notifier.ADDRESS, "notifier");
  }

  @BeforeAll
  static void startSmtp() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      smtpPort = socket.getLocalPort();
    }
    smtp = startGreenMail();
  }

  static GreenMail startGreenMail() {
    GreenMail server = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
    return server;
  }

  @AfterAll
  static void stopSmtp() {
    smtp.stop();
  }

  @AfterEach
  void purge() throws Exception {
    if (smtp.isRunning()) {
      smtp.purgeEmailFromAllMailboxes();
    }
  }

  @Override
  protected Deployable service(Config config, Health health, Clock clock) {
    return new NotifierServiceVerticle(config, health, clock);
  }

  @Override
  protected Map<String, String> settings() {
    return Map.of("mail.host", "127.0.0.1", "mail.port", Integer.toString(smtpPort), "mail.from",
      "Status <status@example.com>", "mail.starttls", "off", "webhook.poll", "50ms", "webhook.retry.initial", "1m",
      "webhook.retry.max", "10m", "webhook.allow.private", "true");
  }

  @BeforeEach
  void otherServices() {
    vertx.eventBus().<JsonObject>consumer(Services.Component.ADDRESS, message -> {
      JsonObject body = message.body();
      if (!PAGE.equals(body.getString("page_id"))) {
        refuse(message, ServiceError.notFound("page", body.getString("page_id")));
      } else if (Services.Component.PAGE_GET.equals(message.headers().get(Services.ACTION))) {
        message.reply(new JsonObject().put("id", PAGE).put("name", "Example & Co").put("url", PAGE_URL + "/"));
      } else {
        message.reply(new JsonObject().put("components", new JsonArray()).put("changes", new JsonArray()));
      }
    });
    vertx.eventBus().<JsonObject>consumer(Services.Incident.ADDRESS, message -> message.reply(
      new JsonObject().put("id", "inc1")));
  }

  @Test
  void aNewSubscriberGetsOnlyItsConfirmationUntilItsLinkComesBack() throws Exception {
    JsonObject s = call(Services.Notifier.CREATE, new JsonObject().put("page_id", PAGE).put("subscriber",
      new JsonObject().put("email", "Ops@Example.com")));
    String id = s.getString("id");

    assertTrue(smtp.waitForIncomingEmail(10_000, 1));
    MimeMessage confirmation = smtp.getReceivedMessages()[0];
    assertEquals("Ops@Example.com", confirmation.getAllRecipients()[0].toString());
    assertEquals("Confirm your subscription to Example & Co", confirmation.getSubject());
    Parts parts = parts(confirmation);
    Map<String, String> links = links(parts.text());
    assertEquals(links, links(parts.html()), "the same links in both parts");
    String confirm = links.get("/subscribe/confirm");
    assertNotNull(confirm, parts.text());
    assertTrue(parts.html().contains("Example &amp; Co"), parts.html());
    assertTrue(parts.text().contains("Example & Co"), parts.text());
    await(() -> queryOne("SELECT count(*) FROM confirmation_request WHERE sent_at IS NOT NULL").getLong(0) == 1);

    // Not confirmed: news passes it by.
    incident("inc1", "Database slow", List.of());
    Thread.sleep(400);
    assertEquals(1, smtp.getReceivedMessages().length);
    assertEquals(0L, queryOne("SELECT count(*) FROM delivery WHERE channel = 'email' AND event_type <> "
      + "'subscriber.confirmation'").getLong(0));

    // Asked again: a second confirmation, its own Message-ID.
    call(Services.Notifier.RESEND_CONFIRMATION, new JsonObject().put("page_id", PAGE).put("subscriber_id", id));
    assertTrue(smtp.waitForIncomingEmail(10_000, 2));
    assertFalse(smtp.getReceivedMessages()[0].getMessageID().equals(smtp.getReceivedMessages()[1].getMessageID()));

    JsonObject confirmed = call(Services.Notifier.CONFIRM, new JsonObject().put("token", confirm));
    assertEquals("active", confirmed.getString("state"));
    assertEquals(id, confirmed.getString("id"));

    incident("inc1", "Database slow", List.of());
    assertTrue(smtp.waitForIncomingEmail(10_000, 3));
    assertEquals("[Example & Co] Database slow: Investigating", smtp.getReceivedMessages()[2].getSubject());
  }

  @Test
  void skippingTheConfirmationSendsNone() throws Exception {
    JsonObject s = call(Services.Notifier.CREATE, new JsonObject().put("page_id", PAGE).put("subscriber",
      new JsonObject().put("email", "direct@example.com").put("skip_confirmation_notification", true)));
    assertEquals("active", s.getString("state"));
    incident("inc1", "Database slow", List.of());
    assertTrue(smtp.waitForIncomingEmail(10_000, 1));
    Thread.sleep(300);
    assertEquals(1, smtp.getReceivedMessages().length);
    assertEquals("[Example & Co] Database slow: Investigating", smtp.getReceivedMessages()[0].getSubject());
  }

  @Test
  void anIncidentMailHasBothPartsEscapesWhatItIsGivenAndUnsubscribesInOneClick() throws Exception {
    String id = subscriber("a", List.of(), null);

    String name = "<script>alert('x')</script> Database & cache";
    incident("inc1", name, List.of("c1"));

    assertTrue(smtp.waitForIncomingEmail(10_000, 1));
    MimeMessage mail = smtp.getReceivedMessages()[0];
    assertEquals("a@example.com", mail.getAllRecipients()[0].toString());
    assertEquals("Status <status@example.com>", mail.getFrom()[0].toString());
    assertEquals("[Example & Co] " + name + ": Investigating", mail.getSubject());
    String deliveryId = queryOne("SELECT id FROM delivery WHERE channel = 'email'").getString(0);
    assertEquals("<" + deliveryId + "@example.com>", mail.getMessageID());
    assertTrue(mail.getContentType().startsWith("multipart/alternative"), mail.getContentType());

    Parts parts = parts(mail);
    assertFalse(parts.html().contains("<script>"), parts.html());
    assertTrue(parts.html().contains("&lt;script&gt;alert('x')&lt;/script&gt; Database &amp; cache"),
      parts.html());
    assertTrue(parts.html().contains("&lt;b&gt;Looking&lt;/b&gt;"), parts.html());
    assertTrue(parts.text().contains(name), parts.text());
    assertTrue(parts.text().contains("<b>Looking</b> into it"), parts.text());
    assertTrue(parts.text().contains("- c1 name"), parts.text());
    assertTrue(parts.text().contains(PAGE_URL + "/incidents/inc1"), parts.text());

    String unsubscribe = mail.getHeader("List-Unsubscribe")[0];
    Matcher m = Pattern.compile("<" + LINK.pattern() + ">").matcher(unsubscribe);
    assertTrue(m.matches(), unsubscribe);
    assertEquals("/subscribe/unsubscribe", m.group(1));
    assertEquals("List-Unsubscribe=One-Click", mail.getHeader("List-Unsubscribe-Post")[0]);
    Map<String, String> links = links(parts.text());
    assertEquals(m.group(2), links.get("/subscribe/unsubscribe"));
    assertNotNull(links.get("/subscribe/manage"));
    assertEquals(links, links(parts.html()));

    JsonObject unsubscribed = call(Services.Notifier.UNSUBSCRIBE, new JsonObject().put("token", m.group(2)));
    assertEquals(id, unsubscribed.getString("id"));
    assertEquals("unsubscribed", unsubscribed.getString("state"));

    incident("inc1", "Again", List.of("c1"));
    Thread.sleep(400);
    assertEquals(1, smtp.getReceivedMessages().length, "nothing after unsubscribing");
  }

  @Test
  void incidentsReachSubscribersOfAnAffectedComponentAllComponentsOnesAndTheIncidentsOwn() throws Exception {
    subscriber("all", List.of(), null);
    subscriber("c1", List.of("c1"), null);
    subscriber("c2", List.of("c2"), null);
    subscriber("own", List.of(), "inc1");
    subscriber("other", List.of(), "inc2");
    String unconfirmed = subscriber("unconfirmed", List.of(), null);
    sql("UPDATE subscriber SET state = 'unconfirmed' WHERE id = $1", unconfirmed);

    incident("inc1", "Database slow", List.of("c1", "c3"));
    assertTrue(smtp.waitForIncomingEmail(10_000, 3));
    Thread.sleep(400);
    assertEquals(Set.of("all@example.com", "c1@example.com", "own@example.com"), recipients());

    // A component's status change alone mails nobody (as on Statuspage).
    inbox(JsonObject.mapFrom(new Event(UUID.randomUUID(), Services.Component.STATUS_CHANGED, T0, new JsonObject()
      .put("page_id", PAGE).put("component", new JsonObject().put("id", "c2").put("name", "c2"))
      .put("old_status", "operational").put("new_status", "major_outage"))));
    Thread.sleep(300);
    assertEquals(3, smtp.getReceivedMessages().length);
  }

  @Test
  void mailsWaitWhileTheSmtpServerIsDownAndAreSentOnceWhenItIsBack() throws Exception {
    subscriber("a", List.of(), null);
    subscriber("b", List.of(), null);
    smtp.stop();
    try {
      incident("inc1", "Database slow", List.of());
      await(() -> queryOne("SELECT count(*) FROM delivery WHERE channel = 'email' AND attempts = 1 "
        + "AND state = 'pending' AND last_error IS NOT NULL").getLong(0) == 2);
      Row row = queryOne("SELECT min(next_attempt_at) FROM delivery");
      // The backoff: a minute, give or take 20%.
      assertTrue(row.getOffsetDateTime(0).toInstant().isAfter(T0.plusSeconds(47)));
    } finally {
      smtp = startGreenMail();
    }
    Thread.sleep(300);
    assertEquals(0, smtp.getReceivedMessages().length, "not tried again before its time");
    clock.advance(Duration.ofSeconds(75));
    assertTrue(smtp.waitForIncomingEmail(10_000, 2));
    await(() -> queryOne("SELECT count(*) FROM delivery WHERE state = 'sent' AND attempts = 2").getLong(0) == 2);
    clock.advance(Duration.ofMinutes(30));
    Thread.sleep(400);
    assertEquals(2, smtp.getReceivedMessages().length, "none twice");
    assertEquals(Set.of("a@example.com", "b@example.com"), recipients());
  }

  @Test
  void aQuarantinedWebhooksContactIsTold() throws Exception {
    WebhookReceiver receiver = new WebhookReceiver(vertx);
    receiver.answer("/w", new WebhookReceiver.Answer(410, Map.of()));
    String id = "sub-w";
    sql("INSERT INTO subscriber (id, page_id, mode, email, address, endpoint, format, secret, state, created_at, "
        + "updated_at) VALUES ($1, $2, 'webhook', 'owner@example.com', $3, $3, 'statuspage', $4, 'active', $5, $5)",
      id, PAGE, receiver.url("/w"), WebhookDeliveryTest.secret("w"), OffsetDateTime.ofInstant(T0, ZoneOffset.UTC));

    incident("inc1", "Database slow", List.of());
    assertTrue(smtp.waitForIncomingEmail(10_000, 1));
    MimeMessage mail = smtp.getReceivedMessages()[0];
    assertEquals("owner@example.com", mail.getAllRecipients()[0].toString());
    assertEquals("[Example & Co] Your webhook was disabled", mail.getSubject());
    Parts parts = parts(mail);
    assertTrue(parts.text().contains(receiver.url("/w")), parts.text());
    assertTrue(parts.text().contains("410 Gone"), parts.text());
    await(() -> queryOne("SELECT count(*) FROM contact_notice WHERE sent_at IS NOT NULL").getLong(0) == 1);
  }

  @Test
  void aPermanentRefusalStopsTheMailAndATemporaryOneIsTriedAgain() throws Exception {
    try (SmtpSink sink = new SmtpSink(vertx, 0, true)) {
      undeploy();
      config = config.with(Map.of("mail.port", Integer.toString(sink.port())));
      redeploy();
      subscriber("gone", List.of(), null);
      sink.refuse("550 5.1.1 No such user");
      incident("inc1", "Database slow", List.of());
      await(() -> "stopped".equals(queryOne("SELECT state FROM delivery").getString(0)));
      Row stopped = queryOne("SELECT attempts, last_status, last_error FROM delivery");
      assertEquals(1, stopped.getInteger(0));
      assertEquals(550, stopped.getInteger(1));
      assertTrue(stopped.getString(2).contains("No such user"), stopped.getString(2));

      sql("DELETE FROM delivery");
      sink.refuse("451 4.3.0 Try later");
      incident("inc1", "Database slow", List.of());
      await(() -> queryOne("SELECT attempts FROM delivery").getInteger(0) == 1);
      assertEquals("pending", queryOne("SELECT state FROM delivery").getString(0));
      assertEquals(451, queryOne("SELECT last_status FROM delivery").getInteger(0));
      clock.advance(Duration.ofSeconds(75));
      await(() -> "sent".equals(queryOne("SELECT state FROM delivery").getString(0)));
      String deliveryId = queryOne("SELECT id FROM delivery").getString(0);
      assertEquals(List.of(new SmtpSink.Accepted("gone@example.com", "<" + deliveryId + "@example.com>")),
        sink.accepted);
    }
  }

  // Helpers

  record Parts(String text, String html) {
  }

  /** The text/plain and text/html parts, wherever they sit in the message's tree. */
  static Parts parts(MimeMessage message) throws Exception {
    Map<String, String> found = new HashMap<>();
    collect(message.getContent(), message.getContentType(), found);
    return new Parts(found.get("text/plain"), found.get("text/html"));
  }

  private static void collect(Object content, String type, Map<String, String> found) throws Exception {
    if (content instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart part = multipart.getBodyPart(i);
        collect(part.getContent(), part.getContentType(), found);
      }
    } else if (content instanceof String text) {
      found.put(type.toLowerCase().startsWith("text/html") ? "text/html" : "text/plain", text);
    }
  }

  /** Link path → token in {@code text} (HTML entities in an href decoded first). */
  static Map<String, String> links(String text) {
    Matcher m = LINK.matcher(text.replace("&#61;", "=").replace("&amp;", "&"));
    Map<String, String> out = new HashMap<>();
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  Set<String> recipients() throws Exception {
    return Arrays.stream(smtp.getReceivedMessages()).map(m -> {
      try {
        return m.getAllRecipients()[0].toString();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).collect(Collectors.toSet());
  }

  /** A confirmed email subscriber of {@link #PAGE} (or of one incident), {@code name@example.com}. */
  String subscriber(String name, List<String> components, String incidentId) {
    String id = "sub-" + name;
    sql("INSERT INTO subscriber (id, page_id, mode, email, address, component_ids, incident_id, state, created_at, "
        + "updated_at, confirmed_at) VALUES ($1, $2, 'email', $3, $3, $4, $5, 'active', $6, $6, $6)", id, PAGE,
      name + "@example.com", components.toArray(String[]::new), incidentId,
      OffsetDateTime.ofInstant(T0, ZoneOffset.UTC));
    return id;
  }

  void incident(String id, String name, List<String> components) {
    JsonArray affected = new JsonArray();
    components.forEach(c -> affected.add(new JsonObject().put("id", c).put("name", c + " name")));
    JsonObject incident = new JsonObject().put("id", id).put("page_id", PAGE).put("name", name)
      .put("status", "investigating").put("components", affected)
      .put("incident_updates", new JsonArray().add(new JsonObject().put("id", "upd1")
        .put("status", "investigating").put("body", "<b>Looking</b> into it")));
    inbox(JsonObject.mapFrom(new Event(UUID.randomUUID(), Services.Incident.INCIDENT_UPDATED, T0, new JsonObject()
      .put("page_id", PAGE).put("incident", incident).put("incident_update_id", "upd1")
      .put("deliver_notifications", true))));
  }

  void inbox(JsonObject event) {
    vertx.eventBus().request(Services.Notifier.INBOX, event).await();
  }

  private static void refuse(Message<?> message, ServiceError error) {
    message.fail(error.status(), error.toProblem().encode());
  }
}
