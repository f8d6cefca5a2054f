package io.statuspage.gateway.api;

import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.statuspage.gateway.GatewayVerticle;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.MutableClock;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Idempotency-Key} through a real gateway on a real PostgreSQL, with component-service played by event-bus
 * consumers (as in {@code SnapshotKeeperTest}) that count what reaches them and dedupe on the request id as the real
 * service does.
 */
class IdempotentWritesTest {

  private static final String KEY = "sp_idempotency_test_admin_key";
  private static final String OTHER_KEY = "sp_idempotency_test_other_key";
  private static final String COMPONENTS = "/v1/pages/page00000001/components";
  private static final Duration BUS_TIMEOUT = Duration.ofMillis(400);

  private Vertx vertx;
  private WebClient client;
  private PgConnectOptions db;
  private Pool sql;
  private int port;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-18T14:00:00Z"));
  private final PlayedComponents components = new PlayedComponents();

  @BeforeEach
  void start() throws IOException {
    vertx = Vertx.vertx();
    db = TestDatabase.fresh();
    port = freePort();
    vertx.eventBus().<JsonObject>consumer(Services.Component.ADDRESS, components::handle).completion().await();
    Config config = Config.of(Map.of(
      "db.url", TestDatabase.url(db),
      "http.host", "127.0.0.1",
      "http.port", String.valueOf(port),
      "http.instances", "1",
      "admin.api.key", KEY,
      "snapshot.file", "",
      "snapshot.refresh", "1h",
      "bus.timeout", BUS_TIMEOUT.toMillis() + "ms"));
    vertx.deployVerticle(new GatewayVerticle(config, Health.create(vertx), clock)).await();
    client = WebClient.create(vertx);
    sql = PgBuilder.pool().connectingTo(new PgConnectOptions(db).addProperty("search_path", "gateway"))
      .using(vertx).build();
    // The snapshot is built: from here on only the test's requests reach the component address.
    awaitTrue("first snapshot", () -> client.get(port, "127.0.0.1", "/api/v2/status.json").send().await()
      .statusCode() == 200);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  // Replays

  @Test
  void theSameKeyAndRequestAgainIsAnsweredTheFirstResponseAndCreatesNothing() {
    HttpResponse<Buffer> first = create("k1", "{\"component\":{\"name\":\"API\"}}");
    HttpResponse<Buffer> again = create("k1", "{\"component\":{\"name\":\"API\"}}");

    assertEquals(201, first.statusCode(), first.bodyAsString());
    assertNull(first.getHeader(IdempotentWrites.REPLAYED));
    assertEquals(201, again.statusCode());
    assertEquals(first.bodyAsString(), again.bodyAsString());
    assertEquals(first.getHeader("Content-Type"), again.getHeader("Content-Type"));
    assertEquals("true", again.getHeader(IdempotentWrites.REPLAYED));
    assertEquals("no-store", again.getHeader("Cache-Control"));
    assertEquals("nosniff", again.getHeader("X-Content-Type-Options"));
    assertEquals(1, components.received(), "the replay never reached the service");
    assertEquals(1, components.created());
  }

  @Test
  void aFormBodyIsTheSameRequestAsTheJsonItStandsFor() {
    HttpResponse<Buffer> json = create("k1", "{\"component\":{\"name\":\"API\",\"showcase\":true}}");
    HttpResponse<Buffer> form = post(COMPONENTS, KEY, "k1", "component[showcase]=true&component[name]=API",
      "application/x-www-form-urlencoded");

    assertEquals(201, form.statusCode(), form.bodyAsString());
    assertEquals("true", form.getHeader(IdempotentWrites.REPLAYED));
    assertEquals(json.bodyAsString(), form.bodyAsString());
    assertEquals(1, components.created());
  }

  @Test
  void theSameKeyWithAnotherRequestIs422NamingTheHeader() {
    create("k1", "{\"component\":{\"name\":\"API\"}}");

    HttpResponse<Buffer> otherBody = create("k1", "{\"component\":{\"name\":\"Web\"}}");
    HttpResponse<Buffer> otherPage = post("/v1/pages/page00000002/components", KEY, "k1",
      "{\"component\":{\"name\":\"API\"}}", "application/json");
    HttpResponse<Buffer> otherOperation = post("/v1/pages/page00000001/component-groups", KEY, "k1",
      "{\"component_group\":{\"name\":\"API\",\"components\":[\"c1\"]}}", "application/json");

    for (HttpResponse<Buffer> refused : List.of(otherBody, otherPage, otherOperation)) {
      assertEquals(422, refused.statusCode(), refused.bodyAsString());
      assertEquals(Problems.CONTENT_TYPE, refused.getHeader("Content-Type"));
      assertEquals(IdempotentWrites.HEADER, refused.bodyAsJsonObject().getString("field"));
    }
    assertEquals(1, components.received());
  }

  @Test
  void copiesSentAtOnceCreateOnceAndTheOthersAreToldToWaitOrReplayed() {
    components.delay = 300;
    List<Future<HttpResponse<Buffer>>> copies = IntStream.range(0, 6)
      .mapToObj(i -> send(COMPONENTS, KEY, "k1", "{\"component\":{\"name\":\"API\"}}", "application/json"))
      .toList();
    Future.join(copies).await();

    List<HttpResponse<Buffer>> answers = copies.stream().map(Future::result).toList();
    List<HttpResponse<Buffer>> fresh = answers.stream()
      .filter(r -> r.statusCode() == 201 && r.getHeader(IdempotentWrites.REPLAYED) == null).toList();
    assertEquals(1, fresh.size(), "exactly one ran: " + statuses(answers));
    for (HttpResponse<Buffer> other : answers) {
      if (other.statusCode() == 409) {
        assertEquals("1", other.getHeader("Retry-After"));
        assertEquals(IdempotentWrites.HEADER, other.bodyAsJsonObject().getString("field"));
      } else {
        assertEquals(201, other.statusCode(), other.bodyAsString());
        assertEquals(fresh.get(0).bodyAsString(), other.bodyAsString());
      }
    }
    assertTrue(answers.stream().anyMatch(r -> r.statusCode() == 409), "some came while it ran: " + statuses(answers));
    assertEquals(1, components.received());
    assertEquals(fresh.get(0).bodyAsString(), create("k1", "{\"component\":{\"name\":\"API\"}}").bodyAsString());
  }

  @Test
  void keysBelongToTheirCaller() {
    sql.query("INSERT INTO api_key (id, name, key_hash) VALUES ('other', 'other', encode(sha256('" + OTHER_KEY
      + "'::bytea), 'hex'))").execute().await();
    HttpResponse<Buffer> mine = create("k1", "{\"component\":{\"name\":\"API\"}}");

    HttpResponse<Buffer> theirs = post(COMPONENTS, OTHER_KEY, "k1", "{\"component\":{\"name\":\"Web\"}}",
      "application/json");
    HttpResponse<Buffer> theirsAgain = post(COMPONENTS, OTHER_KEY, "k1", "{\"component\":{\"name\":\"API\"}}",
      "application/json");

    assertEquals(201, theirs.statusCode(), "their k1 is not mine: " + theirs.bodyAsString());
    assertNull(theirs.getHeader(IdempotentWrites.REPLAYED));
    assertEquals(422, theirsAgain.statusCode(), "their k1 is theirs");
    assertEquals(mine.bodyAsString(), create("k1", "{\"component\":{\"name\":\"API\"}}").bodyAsString());
    assertEquals(2, components.created());
    assertNotEquals(components.requestIds.get(0), components.requestIds.get(1));
  }

  @Test
  void aKeyIsRememberedFor24HoursAndThenForgotten() {
    HttpResponse<Buffer> first = create("k1", "{\"component\":{\"name\":\"API\"}}");
    clock.advance(IdempotentWrites.WINDOW.minusSeconds(1));
    assertEquals("true", create("k1", "{\"component\":{\"name\":\"API\"}}").getHeader(IdempotentWrites.REPLAYED));
    assertEquals(422, create("k1", "{\"component\":{\"name\":\"Web\"}}").statusCode());

    clock.advance(Duration.ofSeconds(1));
    HttpResponse<Buffer> later = create("k1", "{\"component\":{\"name\":\"Web\"}}");

    assertEquals(201, later.statusCode(), later.bodyAsString());
    assertNull(later.getHeader(IdempotentWrites.REPLAYED));
    assertNotEquals(first.bodyAsString(), later.bodyAsString());
    assertEquals(2, components.created());
    assertEquals(422, create("k1", "{\"component\":{\"name\":\"API\"}}").statusCode(), "k1 now stands for Web");
  }

  @Test
  void aKeyMustBeShortPrintableAsciiAndGivenOnce() {
    for (String key : List.of("k".repeat(256), "tab\there", "caf\u00e9", "")) {
      HttpResponse<Buffer> refused = create(key, "{\"component\":{\"name\":\"API\"}}");
      assertEquals(400, refused.statusCode(), key + ": " + refused.bodyAsString());
      assertEquals(IdempotentWrites.HEADER, refused.bodyAsJsonObject().getString("field"));
    }
    HttpResponse<Buffer> twice = request(COMPONENTS, KEY, "k1", "application/json").putHeader(IdempotentWrites.HEADER,
      List.of("k1", "k2")).sendBuffer(Buffer.buffer("{\"component\":{\"name\":\"API\"}}")).await();
    assertEquals(400, twice.statusCode(), twice.bodyAsString());
    assertEquals(201, create("k".repeat(255), "{\"component\":{\"name\":\"API\"}}").statusCode());
    assertEquals(1, components.received());
  }

  @Test
  void onlyOperationsWhoseContractDeclaresTheHeaderHonourIt() {
    for (int i = 0; i < 2; i++) {
      HttpResponse<Buffer> patched = request(COMPONENTS + "/c1", KEY, "k1", "application/json")
        .method(io.vertx.core.http.HttpMethod.PATCH)
        .sendBuffer(Buffer.buffer("{\"component\":{\"status\":\"major_outage\"}}")).await();
      assertEquals(200, patched.statusCode(), patched.bodyAsString());
      assertNull(patched.getHeader(IdempotentWrites.REPLAYED));
    }
    assertEquals(2, components.received(), "both reached the service");
    assertNull(components.requestIds.get(0));
  }

  // What is kept

  @Test
  void aRefusalIsKeptAndReplayed() {
    HttpResponse<Buffer> refused = create("k1", "{\"component\":{\"name\":\"refuse\"}}");
    HttpResponse<Buffer> again = create("k1", "{\"component\":{\"name\":\"refuse\"}}");

    assertEquals(422, refused.statusCode());
    assertEquals("component.group_id", refused.bodyAsJsonObject().getString("field"));
    assertEquals(422, again.statusCode());
    assertEquals(refused.bodyAsString(), again.bodyAsString());
    assertEquals(Problems.CONTENT_TYPE, again.getHeader("Content-Type"));
    assertEquals("true", again.getHeader(IdempotentWrites.REPLAYED));
    assertEquals(1, components.received());
  }

  @Test
  void anUnavailableServiceIsNotAnAnswerSoTheKeyIsReleasedForTheRetry() {
    components.unavailableOnce.add("Flaky");
    HttpResponse<Buffer> unavailable = create("k1", "{\"component\":{\"name\":\"Flaky\"}}");
    assertEquals(503, unavailable.statusCode());
    assertNotNull(unavailable.getHeader("Retry-After"));

    HttpResponse<Buffer> retried = create("k1", "{\"component\":{\"name\":\"Flaky\"}}");
    HttpResponse<Buffer> replayed = create("k1", "{\"component\":{\"name\":\"Flaky\"}}");

    assertEquals(201, retried.statusCode(), retried.bodyAsString());
    assertNull(retried.getHeader(IdempotentWrites.REPLAYED));
    assertEquals("true", replayed.getHeader(IdempotentWrites.REPLAYED));
    assertEquals(2, components.received());
    assertEquals(components.requestIds.get(0), components.requestIds.get(1),
      "the same request id: had the first been applied late, the service would answer with it");
  }

  // Retries on the bus

  @Test
  void aKeyedWriteWhoseFirstAttemptGotNoAnswerIsSentOnceMoreWithTheSameRequestId() {
    components.swallowFirst = true;
    HttpResponse<Buffer> created = create("k1", "{\"component\":{\"name\":\"API\"}}");

    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals(2, components.received());
    assertNotNull(components.requestIds.get(0));
    assertEquals(components.requestIds.get(0), components.requestIds.get(1));
    assertEquals(1, components.created());
  }

  @Test
  void aWriteNobodyKeyedIsNotSentAgain() {
    components.swallowFirst = true;
    HttpResponse<Buffer> unanswered = create(null, "{\"component\":{\"name\":\"API\"}}");

    assertEquals(503, unanswered.statusCode(), unanswered.bodyAsString());
    assertEquals(1, components.received(), "it may have been applied: only the client can decide to send it again");
  }

  @Test
  void aKeyedWriteThatTimesOutOnADeadInstanceIsRetriedOnTheNextAndCreatesOnce() {
    // A member that died but is still in the cluster: it takes requests and never answers.
    AtomicInteger swallowed = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(Services.Component.ADDRESS, m -> swallowed.incrementAndGet())
      .completion().await();

    List<HttpResponse<Buffer>> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      answers.add(create("k" + i, "{\"component\":{\"name\":\"API " + i + "\"}}"));
    }

    answers.forEach(answer -> assertEquals(201, answer.statusCode(), answer.bodyAsString()));
    assertTrue(swallowed.get() >= 1, "some first attempts went to the dead instance");
    assertEquals(4, components.created(), "one component per request");
    assertEquals(4, answers.stream().map(HttpResponse::bodyAsString).distinct().count());
  }

  // Helpers

  private HttpResponse<Buffer> create(String key, String body) {
    return post(COMPONENTS, KEY, key, body, "application/json");
  }

  private HttpResponse<Buffer> post(String path, String apiKey, String key, String body, String type) {
    return send(path, apiKey, key, body, type).await();
  }

  private Future<HttpResponse<Buffer>> send(String path, String apiKey, String key, String body, String type) {
    return request(path, apiKey, key, type).sendBuffer(Buffer.buffer(body));
  }

  private HttpRequest<Buffer> request(String path, String apiKey, String key, String type) {
    HttpRequest<Buffer> request = client.post(port, "127.0.0.1", path)
      .putHeader("Authorization", "OAuth " + apiKey).putHeader("Content-Type", type);
    return key == null ? request : request.putHeader(IdempotentWrites.HEADER, key);
  }

  private static List<String> statuses(List<HttpResponse<Buffer>> answers) {
    return answers.stream().map(r -> r.statusCode() + (r.getHeader(IdempotentWrites.REPLAYED) != null ? "r" : ""))
      .toList();
  }

  private static void awaitTrue(String what, java.util.function.BooleanSupplier until) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!until.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * component-service as the gateway sees it: a snapshot part, and creates that dedupe on the request id. A name
   * {@code refuse} is refused (422); a name in {@link #unavailableOnce} fails as an unavailable database, once.
   */
  private final class PlayedComponents {

    final List<String> requestIds = Collections.synchronizedList(new ArrayList<>());
    final Set<String> unavailableOnce = ConcurrentHashMap.newKeySet();
    final Map<String, JsonObject> replies = new HashMap<>();
    final Set<String> seen = ConcurrentHashMap.newKeySet();
    volatile long delay;
    volatile boolean swallowFirst;
    private final AtomicInteger ids = new AtomicInteger();

    int received() {
      return requestIds.size();
    }

    int created() {
      return ids.get();
    }

    void handle(Message<JsonObject> m) {
      String action = m.headers().get(Services.ACTION);
      if (action.equals(Services.SNAPSHOT)) {
        m.reply(componentsPart());
        return;
      }
      if (!action.equals(Services.Component.CREATE) && !action.equals(Services.Component.UPDATE)) {
        fail(m, new ServiceError(501, "Not Implemented", "Not played: " + action, null));
        return;
      }
      String requestId = m.headers().get(Services.REQUEST_ID);
      requestIds.add(requestId);
      if (swallowFirst && seen.add(String.valueOf(requestId))) {
        return;
      }
      JsonObject fields = m.body().getJsonObject("component", new JsonObject());
      String name = fields.getString("name");
      if ("refuse".equals(name)) {
        fail(m, ServiceError.unprocessable("component.group_id", "No component group with id nope"));
      } else if (name != null && unavailableOnce.remove(name)) {
        fail(m, ServiceError.unavailable("The database is not available; try again shortly"));
      } else if (action.equals(Services.Component.CREATE)) {
        JsonObject reply = requestId == null ? null : replies.get(requestId);
        if (reply == null) {
          reply = new JsonObject().put("id", "c" + ids.incrementAndGet()).put("name", name).put("status", "operational")
            .put("showcase", fields.getBoolean("showcase", false));
          if (requestId != null) {
            replies.put(requestId, reply);
          }
        }
        JsonObject answer = reply;
        if (delay > 0) {
          vertx.setTimer(delay, id -> m.reply(answer));
        } else {
          m.reply(answer);
        }
      } else {
        m.reply(new JsonObject().put("id", m.body().getString("component_id")).put("status", "major_outage"));
      }
    }

    private void fail(Message<JsonObject> m, ServiceError error) {
      m.fail(error.status(), error.toProblem().encode());
    }
  }

  /** A snapshot part the keeper takes: one page, one component. */
  private static JsonObject componentsPart() {
    return new JsonObject()
      .put("page", new JsonObject().put("id", "page00000001").put("name", "Acme").put("url", "https://acme.test")
        .put("time_zone", "Etc/UTC").put("updated_at", "2026-11-18T13:00:00.000Z"))
      .put("components", new JsonArray().add(new JsonObject().put("id", "c0").put("name", "API")
        .put("status", "operational").put("created_at", "2026-01-01T00:00:00.000Z")
        .put("updated_at", "2026-11-18T13:00:00.000Z").put("position", 1).putNull("description")
        .put("showcase", false).putNull("start_date").putNull("group_id").put("page_id", "page00000001")
        .put("group", false).put("only_show_if_degraded", false)))
      .put("status", new JsonObject().put("indicator", "none").put("description", "All Systems Operational"));
  }
}
