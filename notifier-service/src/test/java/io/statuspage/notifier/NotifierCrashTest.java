package io.statuspage.notifier;

import io.statuspage.bus.Outbox;
import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Database;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A notifier process killed (kill -9) while it sends a 1,000-subscriber fan-out, then started again: every
 * subscriber gets the event, none is lost, and whatever reached a subscriber twice came under the same webhook-id.
 */
class NotifierCrashTest {

  static final int SUBSCRIBERS = 1000;

  private final List<Process> processes = new ArrayList<>();
  private Vertx vertx;

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly().waitFor();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void aKilledNotifierLosesNoDeliveryAndSendsAgainOnlyUnderTheSameId() throws Exception {
    vertx = Vertx.vertx();
    PgConnectOptions db = TestDatabase.fresh();
    String url = TestDatabase.url(db);
    WebhookReceiver receiver = new WebhookReceiver(vertx);
    // Slow enough that the kill lands in the middle of the sends.
    for (int i = 0; i < SUBSCRIBERS; i++) {
      receiver.delay("/s" + i, 40);
    }

    Process first = start(url, "first");
    Pool notifier = PgBuilder.pool().connectingTo(new PgConnectOptions(db).addProperty("search_path", "notifier"))
      .using(vertx).build();
    List<String> ids = new ArrayList<>();
    List<String> endpoints = new ArrayList<>();
    for (int i = 0; i < SUBSCRIBERS; i++) {
      ids.add("s" + i);
      endpoints.add(receiver.url("/s" + i));
    }
    notifier.preparedQuery("INSERT INTO subscriber (id, page_id, mode, email, address, endpoint, format, secret, "
        + "state, created_at, updated_at) SELECT s.id, 'page1', 'webhook', 'ops@example.com', s.endpoint, s.endpoint, "
        + "'statuspage', $3, 'active', now(), now() FROM unnest($1::text[], $2::text[]) AS s (id, endpoint)")
      .execute(Tuple.of(ids.toArray(String[]::new), endpoints.toArray(String[]::new),
        WebhookDeliveryTest.secret("crash"))).await();

    Pool producer = Database.open(vertx, Config.of(Map.of("db.url", url)), "kit", 2).await();
    producer.withTransaction(tx -> Outbox.append(tx, Services.Component.STATUS_CHANGED, new JsonObject()
      .put("page_id", "page1").put("component", new JsonObject().put("id", "c1").put("name", "API"))
      .put("old_status", "operational").put("new_status", "major_outage"))).await();

    await(() -> receiver.received.size() >= 150, Duration.ofSeconds(60));
    first.destroyForcibly().waitFor();
    int atKill = receiver.received.size();
    assertTrue(atKill < SUBSCRIBERS, "killed after all " + atKill + " were sent: nothing tested");

    start(url, "second");
    await(() -> paths(receiver).size() == SUBSCRIBERS, Duration.ofSeconds(90));
    await(() -> notifier.query("SELECT count(*) FROM delivery WHERE state = 'sent'").execute().await()
      .iterator().next().getLong(0) == SUBSCRIBERS, Duration.ofSeconds(30));

    Map<String, Set<String>> idsByPath = new HashMap<>();
    for (WebhookReceiver.Received r : receiver.received) {
      idsByPath.computeIfAbsent(r.path(), p -> new HashSet<>()).add(r.id());
    }
    assertEquals(SUBSCRIBERS, idsByPath.size());
    idsByPath.forEach((path, got) -> assertEquals(1, got.size(), path + " got different ids: " + got));
    assertEquals(SUBSCRIBERS, notifier.query("SELECT count(DISTINCT subscriber_id) FROM delivery").execute().await()
      .iterator().next().getLong(0));
    System.out.println("Killed after " + atKill + " sends; " + receiver.received.size() + " requests in all for "
      + SUBSCRIBERS + " subscribers");
  }

  private static Set<String> paths(WebhookReceiver receiver) {
    Set<String> paths = new HashSet<>();
    receiver.received.forEach(r -> paths.add(r.path()));
    return paths;
  }

  private Process start(String url, String name) throws Exception {
    Path log = Files.createTempFile("notifier-" + name + "-", ".log");
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
      "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
      NotifierProcess.class.getName(), url);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
      .directory(new File(System.getProperty("java.io.tmpdir"))).start();
    processes.add(p);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end) {
      if (Files.readString(log).contains("ready")) {
        return p;
      }
      if (!p.isAlive()) {
        fail("notifier process " + name + " exited:\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
    return fail("notifier process " + name + " not ready in 60 s:\n" + Files.readString(log));
  }

  private static void await(BooleanSupplier condition, Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    fail("condition not met within " + within);
  }
}
