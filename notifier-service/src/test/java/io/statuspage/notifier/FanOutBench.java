package io.statuspage.notifier;

import io.statuspage.bus.Services;
import io.statuspage.bus.messages.Event;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fan-out benchmark (bench/fanout.sh; not a test, surefire does not run it): one notifier on a fresh embedded
 * PostgreSQL, {@code webhooks} webhook subscribers (each its own path on one local HTTP receiver) and {@code emails}
 * confirmed email subscribers (a local SMTP sink), one incident update event into the inbox, and the time from
 * sending the event to the last webhook received and the last mail accepted. A warm-up event to another page with
 * up to 2,000 of each goes first, so the measured notifier is warm (JIT, pooled connections) as a running one is. Receiver, sink and notifier share this
 * JVM and the machine's cores with PostgreSQL.
 *
 * <p>Arguments: {@code webhooks emails [key=value ...]} (notifier configuration on top of the bench's).
 */
public final class FanOutBench {

  private FanOutBench() {
  }

  /** Confirmed subscribers of {@code page}: webhooks on the receiver (a path each) and email addresses. */
  private static void subscribers(Pool sql, String page, String base, int webhooks, int emails) {
    sql.preparedQuery("INSERT INTO subscriber (id, page_id, mode, email, address, endpoint, format, secret, state, "
        + "created_at, updated_at, confirmed_at) SELECT $3 || '-w' || i, $3, 'webhook', 'w' || i || '@example.com', "
        + "$2 || $3 || i, $2 || $3 || i, 'statuspage', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'active', now(), "
        + "now(), now() FROM generate_series(1, $1) AS i")
      .execute(Tuple.of(webhooks, base, page)).await();
    sql.preparedQuery("INSERT INTO subscriber (id, page_id, mode, email, address, state, created_at, updated_at, "
        + "confirmed_at) SELECT $2 || '-e' || i, $2, 'email', 'e' || i || '@example.com', 'e' || i || '@example.com', "
        + "'active', now(), now(), now() FROM generate_series(1, $1) AS i")
      .execute(Tuple.of(emails, page)).await();
  }

  /** One incident update of {@code page} (to be delivered) into the notifier's inbox; returns once it is taken. */
  private static void inbox(Vertx vertx, String page) {
    JsonObject incident = new JsonObject().put("id", "inc-" + page).put("page_id", page).put("name", "Database slow")
      .put("status", "identified").put("impact", "minor")
      .put("components", new JsonArray().add(new JsonObject().put("id", "c1").put("name", "API")))
      .put("incident_updates", new JsonArray().add(new JsonObject().put("id", "upd1").put("status", "identified")
        .put("body", "We found the cause and are rolling out a fix.")));
    JsonObject event = JsonObject.mapFrom(new Event(UUID.randomUUID(), Services.Incident.INCIDENT_UPDATED,
      Instant.now(), new JsonObject().put("page_id", page).put("incident", incident)
      .put("incident_update_id", "upd1").put("deliver_notifications", true)));
    vertx.eventBus().request(Services.Notifier.INBOX, event).await();
  }

  public static void main(String[] args) throws Exception {
    int webhooks = Integer.parseInt(args[0]);
    int emails = Integer.parseInt(args[1]);
    Map<String, String> settings = new HashMap<>();
    for (int i = 2; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      settings.put(kv[0], kv[1]);
    }
    Vertx vertx = Vertx.vertx();
    PgConnectOptions db = TestDatabase.fresh();
    AtomicLong hooks = new AtomicLong();
    AtomicLong lastHook = new AtomicLong();
    HttpServer receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      lastHook.set(System.nanoTime());
      hooks.incrementAndGet();
      request.response().setStatusCode(204).end();
    })).listen(0, "127.0.0.1").await();
    SmtpSink sink = new SmtpSink(vertx, 0, false);

    Map<String, String> config = new HashMap<>(TestDatabase.config(db));
    config.putAll(Map.of("webhook.allow.private", "true", "mail.host", "127.0.0.1",
      "mail.port", Integer.toString(sink.port()), "mail.starttls", "off", "mail.from", "status@example.com",
      "page.url", "https://status.example.com"));
    config.putAll(settings);
    vertx.eventBus().<JsonObject>consumer(Services.Component.ADDRESS, message -> {
      JsonObject page = new JsonObject().put("id", "page1").put("name", "Example").put("url",
        "https://status.example.com");
      message.reply(Services.Component.SNAPSHOT.equals(message.headers().get(Services.ACTION))
        ? new JsonObject().put("page", page).put("components", new JsonArray())
          .put("status", new JsonObject().put("indicator", "minor").put("description", "Minor Service Outage"))
        : page);
    });
    vertx.deployVerticle(new NotifierServiceVerticle(Config.of(config), Health.create(vertx), Clock.systemUTC()))
      .await();

    Pool sql = PgBuilder.pool().connectingTo(new PgConnectOptions(db).addProperty("search_path", "notifier"))
      .using(vertx).build();
    String base = "http://127.0.0.1:" + receiver.actualPort() + "/hook/";
    // A warm-up page first, as a notifier that has been running is warm (JIT, connections); then the measured one.
    int warmHooks = Math.min(webhooks, 2000);
    int warmMails = Math.min(emails, 2000);
    subscribers(sql, "warm", base, warmHooks, warmMails);
    subscribers(sql, "page1", base, webhooks, emails);
    sql.query("ANALYZE").execute().await();
    inbox(vertx, "warm");
    long warmEnd = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < warmEnd && (hooks.get() < warmHooks || sink.count.get() < warmMails)) {
      Thread.sleep(20);
    }
    Thread.sleep(1000);
    hooks.set(0);
    sink.count.set(0);

    long start = System.nanoTime();
    inbox(vertx, "page1");
    long accepted = System.nanoTime();
    long deadline = start + 120_000_000_000L;
    long lastMail = 0;
    long mails = 0;
    long nextReport = start + 1_000_000_000L;
    boolean progress = Boolean.getBoolean("bench.progress");
    while (System.nanoTime() < deadline && (hooks.get() < webhooks || sink.count.get() < emails)) {
      long before = sink.count.get();
      Thread.sleep(5);
      if (progress && System.nanoTime() > nextReport) {
        nextReport += 1_000_000_000L;
        System.out.printf("  %,d ms: %,d webhooks, %,d mails%n", (System.nanoTime() - start) / 1_000_000, hooks.get(),
          sink.count.get());
        sql.query("SELECT state, wait_event_type, wait_event, round(extract(epoch FROM now() - query_start) * 1000) "
            + "AS ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS q FROM pg_stat_activity "
            + "WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()").execute().await()
          .forEach(row -> System.out.println("    " + row.toJson().encode()));
      }
      if (sink.count.get() != before) {
        lastMail = System.nanoTime();
      }
      mails = sink.count.get();
    }
    mails = sink.count.get();
    System.out.printf("fan-out transaction (event to acknowledged, %,d rows written): %,d ms%n", webhooks + emails,
      (accepted - start) / 1_000_000);
    System.out.printf("webhooks: %,d of %,d received, last %s after the event%n", hooks.get(), webhooks,
      hooks.get() == 0 ? "-" : String.format("%,d ms", (lastHook.get() - start) / 1_000_000));
    System.out.printf("emails:   %,d of %,d accepted, last %s after the event%n", mails, emails,
      mails == 0 ? "-" : String.format("%,d ms", (lastMail - start) / 1_000_000));
    // The last marks are written in batches a few milliseconds after their sends.
    long unmarked = -1;
    for (int i = 0; i < 100 && unmarked != 0; i++) {
      Thread.sleep(100);
      unmarked = sql.query("SELECT count(*) FROM delivery WHERE state <> 'sent'").execute().await().iterator()
        .next().getLong(0);
    }
    long again = sql.query("SELECT count(*) FROM delivery WHERE attempts <> 1").execute().await().iterator().next()
      .getLong(0);
    System.out.printf("rows not marked sent: %,d; rows sent more than once: %,d; duplicates received: %,d%n", unmarked,
      again, hooks.get() - webhooks + sink.count.get() - emails);
    sink.close();
    vertx.close().await();
    System.exit(0);
  }
}
