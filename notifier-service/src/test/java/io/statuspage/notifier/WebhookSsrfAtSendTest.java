package io.statuspage.notifier;

import io.statuspage.bus.Services;
import io.statuspage.bus.messages.Event;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.ServiceTestBase;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SSRF rule again at send time, with private addresses not allowed: a webhook registered while its host was
 * public but that now resolves to loopback (as DNS rebinding would make it) is refused, not sent, and the refusal is
 * recorded on the delivery.
 */
class WebhookSsrfAtSendTest extends ServiceTestBase {

  WebhookSsrfAtSendTest() {
    super(Services.Notifier.ADDRESS, "notifier");
  }

  @Override
  protected Deployable service(Config config, Health health, Clock clock) {
    return new NotifierServiceVerticle(config, health, clock);
  }

  @Override
  protected Map<String, String> settings() {
    return Map.of("webhook.allow.private", "false", "webhook.poll", "50ms", "webhook.timeout", "2s");
  }

  @Test
  void aHostThatNowResolvesToLoopbackIsRefusedAndRecorded() throws Exception {
    WebhookReceiver receiver = new WebhookReceiver(vertx);
    // "localhost" stands for a name whose DNS answer turned to 127.0.0.1 after registration; written straight
    // into the table, as registration would have refused it.
    String endpoint = "https://localhost:" + receiver.port() + "/hook";
    sql("INSERT INTO subscriber (id, page_id, mode, email, address, endpoint, format, secret, state, created_at, "
        + "updated_at) VALUES ('s1', 'page1', 'webhook', 'ops@example.com', $1, $1, 'statuspage', $2, 'active', $3, $3)",
      endpoint, WebhookDeliveryTest.secret("s1"), OffsetDateTime.ofInstant(T0, ZoneOffset.UTC));

    vertx.eventBus().request(Services.Notifier.INBOX, JsonObject.mapFrom(new Event(UUID.randomUUID(),
      Services.Component.STATUS_CHANGED, T0, new JsonObject().put("page_id", "page1")
      .put("component", new JsonObject().put("id", "c1").put("name", "API"))
      .put("old_status", "operational").put("new_status", "major_outage")))).await();

    WebhookDeliveryTest.await(() -> queryOne("SELECT attempts FROM delivery").getInteger(0) == 1);
    Row row = queryOne("SELECT state, last_status, last_error FROM delivery");
    assertEquals("pending", row.getString("state"));
    assertEquals(null, row.getValue("last_status"));
    assertTrue(row.getString("last_error").contains("loopback"), row.getString("last_error"));
    Thread.sleep(200);
    assertEquals(List.of(), receiver.received);
  }
}
