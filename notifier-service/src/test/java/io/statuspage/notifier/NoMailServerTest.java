package io.statuspage.notifier;

import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.LogRecords;
import io.statuspage.runtime.ServiceTestBase;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With no {@code mail.host} the notifier says so once at start and keeps mails queued; nothing fails. */
class NoMailServerTest extends ServiceTestBase {

  static LogRecords logs;

  NoMailServerTest() {
    super(Services.Notifier.ADDRESS, "notifier");
  }

  @BeforeAll
  static void capture() {
    logs = LogRecords.of("io.statuspage.notifier", Level.INFO);
  }

  @AfterAll
  static void release() {
    logs.close();
  }

  @Override
  protected Deployable service(Config config, Health health, Clock clock) {
    return new NotifierServiceVerticle(config, health, clock);
  }

  @Override
  protected Map<String, String> settings() {
    return Map.of("webhook.poll", "50ms");
  }

  @BeforeEach
  void components() {
    vertx.eventBus().<JsonObject>consumer(Services.Component.ADDRESS, message -> message.reply(
      new JsonObject().put("components", new JsonArray()).put("changes", new JsonArray())));
  }

  @Test
  void mailsStayQueuedAndTheStartSaysWhyOnce() throws Exception {
    JsonObject s = call(Services.Notifier.CREATE, new JsonObject().put("page_id", "page1").put("subscriber",
      new JsonObject().put("email", "ops@example.com")));
    assertEquals("unconfirmed", s.getString("state"));
    clock.advance(Duration.ofHours(1));
    Thread.sleep(400);

    assertEquals(1L, queryOne("SELECT count(*) FROM delivery WHERE channel = 'email' AND state = 'pending' "
      + "AND attempts = 0 AND lease IS NULL").getLong(0));
    assertEquals(1L, queryOne("SELECT count(*) FROM confirmation_request WHERE sent_at IS NULL").getLong(0));
    assertEquals(1, logs.lines().stream().filter(l -> l.contains("No mail server configured")).count(),
      logs.lines()::toString);
  }
}
