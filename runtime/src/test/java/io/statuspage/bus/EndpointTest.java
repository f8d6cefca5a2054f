package io.statuspage.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.statuspage.runtime.LogRecords;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ping action and the health of an endpoint, and how an unavailable database is answered and logged. */
class EndpointTest {

  private static final String ADDRESS = "test.endpoint";
  private LogRecords logs;
  private final AtomicBoolean databaseUp = new AtomicBoolean(true);
  private Vertx vertx;
  private Endpoint endpoint;

  @BeforeEach
  void start() {
    logs = LogRecords.of(Endpoint.class.getName(), Level.ALL);
    vertx = Vertx.vertx();
    endpoint = Endpoint.create(vertx, ADDRESS)
      .ping("test-service", this::query)
      .on("write", r -> query().map(ok -> new JsonObject().put("written", true)));
  }

  @AfterEach
  void stop() {
    logs.close();
    vertx.close().await();
  }

  private Future<?> query() {
    return databaseUp.get() ? Future.succeededFuture()
      : Future.failedFuture(new ConnectException("Connection refused: /127.0.0.1:5432"));
  }

  @Test
  void anEndpointIsHealthyOnceRegisteredAndWhileItsCheckPasses() {
    assertThrows(RuntimeException.class, () -> endpoint.health().await(), "not registered yet");
    endpoint.start().await();
    endpoint.health().await();
    assertEquals(new JsonObject().put("service", "test-service").put("status", "ok"), request(Services.PING));
    databaseUp.set(false);
    assertThrows(ConnectException.class, () -> endpoint.health().await());
  }

  @Test
  void whileTheDatabaseIsDownEveryRequestIs503AndTheOutageIsLoggedOnce() {
    endpoint.start().await();
    databaseUp.set(false);
    for (int i = 0; i < 30; i++) {
      String action = i % 2 == 0 ? "write" : Services.PING;
      ReplyException failure = assertThrows(ReplyException.class, () -> request(action));
      assertEquals(503, failure.failureCode());
    }
    databaseUp.set(true);
    assertEquals(true, request("write").getBoolean("written"));
    request(Services.PING);

    List<String> lines = logs.records().stream().map(r -> r.getLevel() + " " + r.getMessage()).toList();
    assertEquals(2, lines.size(), lines.toString());
    assertEquals("WARNING Database (test.endpoint) unavailable: Connection refused: /127.0.0.1:5432", lines.get(0));
    assertTrue(lines.get(1).matches("INFO Database \\(test.endpoint\\) available again after \\d+s"), lines.get(1));
    logs.records().forEach(r -> assertNull(r.getThrown(), "no stack trace for an expected outage"));
  }

  @Test
  void aConnectionLostMidQueryIsAnUnavailableDatabaseToo() {
    assertTrue(Endpoint.isDatabaseDown(io.vertx.sqlclient.ClosedConnectionException.INSTANCE));
    assertTrue(Endpoint.isDatabaseDown(new RuntimeException(new ConnectException("refused"))));
    assertEquals(false, Endpoint.isDatabaseDown(new IllegalArgumentException("a bug")));
  }

  @Test
  void unknownActionsAre501() {
    endpoint.start().await();
    ReplyException failure = assertThrows(ReplyException.class, () -> request("nope"));
    assertEquals(501, failure.failureCode());
    assertTrue(failure.getMessage().contains("Unknown action nope"));
  }

  @Test
  void anActionSeesTheCallerAndTheRequestIdOfAKeyedWrite() {
    endpoint.on("who", r -> Future.succeededFuture(new JsonObject().put("caller", r.caller())
      .put("request_id", r.requestId()))).start().await();
    JsonObject keyed = vertx.eventBus().<JsonObject>request(ADDRESS, new JsonObject(), new DeliveryOptions()
      .addHeader(Services.ACTION, "who").addHeader(Services.CALLER, "key:k1").addHeader(Services.REQUEST_ID, "r1"))
      .map(Message::body).await();

    assertEquals(new JsonObject().put("caller", "key:k1").put("request_id", "r1"), keyed);
    assertNull(request("who").getString("request_id"), "none on a write nobody keyed");
  }

  private JsonObject request(String action) {
    return vertx.eventBus().<JsonObject>request(ADDRESS, new JsonObject(),
      new DeliveryOptions().addHeader(Services.ACTION, action)).map(Message::body).await();
  }
}
