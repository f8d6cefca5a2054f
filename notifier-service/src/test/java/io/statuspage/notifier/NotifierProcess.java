package io.statuspage.notifier;

import io.statuspage.bus.Outbox;
import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Database;
import io.statuspage.runtime.Health;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A notifier as a process of its own ({@link NotifierCrashTest}), with a producer outbox on the kit schema of the
 * same database delivering to its inbox, as component-service's would. {@code args[0]} is the database URL. Prints
 * "ready" once both run; runs until killed.
 */
public final class NotifierProcess {

  private NotifierProcess() {
  }

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    Config config = Config.of(Map.of("db.url", args[0], "webhook.allow.private", "true", "webhook.timeout", "1s",
      "webhook.poll", "100ms", "webhook.concurrency", "32"));
    vertx.deployVerticle(new NotifierServiceVerticle(config, Health.create(vertx), Clock.systemUTC())).await();
    Pool producer = Database.open(vertx, config, "kit", 2).await();
    Outbox.create(vertx, producer, "test.events").deliverTo(Services.Notifier.INBOX)
      .retry(Duration.ofMillis(200), Duration.ofMillis(200)).start(Duration.ofMillis(100)).await();
    System.out.println("ready");
  }
}
