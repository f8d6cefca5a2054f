package io.statuspage.runtime;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Readiness says whether the process can do its main job; dependencies are listed there and decide writes. */
class HealthTest {

  private final HttpClient client = HttpClient.newHttpClient();
  private Vertx vertx;
  private Health health;
  private HttpServer server;

  @BeforeEach
  void start() {
    // Node's Vert.x: with the metrics registry that /metrics scrapes.
    vertx = Node.start(Config.of(java.util.Map.of()), false).await();
    health = Health.create(vertx);
    server = health.serve(vertx, "127.0.0.1", 0).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aDependencyDownLeavesTheProcessReadyButNotWritable() throws Exception {
    health.readiness("snapshot", Future::succeededFuture)
      .dependency("database", () -> Future.failedFuture("Connection refused"))
      .dependency("component-service", Future::succeededFuture);

    HttpResponse<String> ready = get("/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    assertEquals(new JsonObject("""
      {"status":"UP","checks":{"snapshot":{"status":"UP"}},
       "dependencies":{"database":{"status":"DOWN","error":"Connection refused"},"component-service":{"status":"UP"}}}
      """), new JsonObject(ready.body()));
    assertEquals("application/json", ready.headers().firstValue("Content-Type").orElse(""));
    assertEquals("no-store", ready.headers().firstValue("Cache-Control").orElse(""));

    HttpResponse<String> write = get("/health/write");
    assertEquals(503, write.statusCode(), write.body());
    JsonObject body = new JsonObject(write.body());
    assertEquals("DOWN", body.getString("status"));
    assertEquals("DOWN", body.getJsonObject("dependencies").getJsonObject("database").getString("status"));
  }

  @Test
  void everythingUpIsReadyAndWritable() throws Exception {
    health.readiness("snapshot", Future::succeededFuture).dependency("database", Future::succeededFuture);
    assertEquals(200, get("/health/ready").statusCode());
    HttpResponse<String> write = get("/health/write");
    assertEquals(200, write.statusCode(), write.body());
    assertEquals("UP", new JsonObject(write.body()).getString("status"));
    assertEquals(200, get("/health/live").statusCode());
    assertEquals(200, get("/metrics").statusCode());
  }

  @Test
  void aFailedReadinessCheckIsNotReadyAndSaysWhy() throws Exception {
    health.readiness("component-service", () -> Future.failedFuture(new IllegalStateException()));
    HttpResponse<String> ready = get("/health/ready");
    assertEquals(503, ready.statusCode());
    JsonObject check = new JsonObject(ready.body()).getJsonObject("checks").getJsonObject("component-service");
    assertEquals("DOWN", check.getString("status"));
    assertEquals("IllegalStateException", check.getString("error"));
    assertFalse(new JsonObject(ready.body()).containsKey("dependencies"), "none registered, none listed");
    assertEquals(503, get("/health/write").statusCode());
  }

  @Test
  void aProcessWithNothingRegisteredIsNotReadyYet() throws Exception {
    assertEquals(503, get("/health/ready").statusCode());
    assertEquals(200, get("/health/live").statusCode(), "but alive");
  }

  @Test
  void aCheckThatNeverAnswersIsDownAfterTwoSeconds() throws Exception {
    health.readiness("snapshot", Future::succeededFuture)
      .dependency("uptime-collector", () -> Promise.promise().future());
    long started = System.nanoTime();
    HttpResponse<String> ready = get("/health/ready");
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(200, ready.statusCode(), ready.body());
    assertEquals("no answer within 2 s", new JsonObject(ready.body()).getJsonObject("dependencies")
      .getJsonObject("uptime-collector").getString("error"));
    assertEquals(true, tookMillis >= 1_900 && tookMillis < 5_000, "took " + tookMillis + " ms");
  }

  @Test
  void checksRunAtMostOnceASecondHoweverOftenTheyAreAsked() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    health.readiness("snapshot", () -> {
      runs.incrementAndGet();
      return Future.succeededFuture();
    });
    for (int i = 0; i < 20; i++) {
      get(i % 2 == 0 ? "/health/ready" : "/health/write");
    }
    // Twenty requests in well under a few seconds: one run per second at most, not one per request.
    assertEquals(true, runs.get() <= 4, runs.get() + " runs");
    Thread.sleep(1_100);
    get("/health/ready");
    assertEquals(true, runs.get() >= 2, "a second later the checks run again");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).build(),
      HttpResponse.BodyHandlers.ofString());
  }
}
