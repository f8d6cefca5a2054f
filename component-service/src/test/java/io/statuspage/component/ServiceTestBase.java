package io.statuspage.component;

import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Deploys the service on a fresh database and talks to it over the event bus only, as the gateway does. Test
 * methods run on the JUnit thread, so they may block on replies with {@code await()}.
 */
@ExtendWith(VertxExtension.class)
abstract class ServiceTestBase {

  static final Instant T0 = Instant.parse("2024-09-16T21:31:02.719Z");
  static final String T0_TEXT = "2024-09-16T21:31:02.719Z";

  Vertx vertx;
  PgConnectOptions db;
  MutableClock clock;
  String pageId;

  @BeforeEach
  void deploy(Vertx vertx) {
    this.vertx = vertx;
    db = TestDatabase.fresh();
    clock = new MutableClock(T0);
    Config config = Config.of(TestDatabase.config(db)).with(Map.of("page.id", "page00000001", "page.name", "Acme"));
    vertx.deployVerticle(new ComponentServiceVerticle(config, Health.create(vertx), clock)).await();
    pageId = call(Services.Component.PAGE_GET, new JsonObject()).getString("id");
  }

  Future<Object> request(String action, JsonObject body) {
    return vertx.eventBus().<Object>request(Services.Component.ADDRESS, body, new DeliveryOptions()
        .addHeader(Services.ACTION, action).addHeader(Services.CALLER, "key:test").setSendTimeout(10_000))
      .map(Message::body);
  }

  JsonObject call(String action, JsonObject body) {
    return (JsonObject) request(action, body).await();
  }

  JsonArray list(String action, JsonObject body) {
    return (JsonArray) request(action, body).await();
  }

  /** Asserts the action fails with {@code status}; returns the problem JSON. */
  JsonObject failure(String action, JsonObject body, int status) {
    try {
      request(action, body).await();
    } catch (Throwable t) {
      Throwable cause = t instanceof ReplyException ? t : t.getCause();
      if (cause instanceof ReplyException reply) {
        assertEquals(status, reply.failureCode(), reply.getMessage());
        JsonObject problem = new JsonObject(reply.getMessage());
        assertEquals(status, problem.getInteger("status"));
        return problem;
      }
      throw new AssertionError("Unexpected failure", t);
    }
    return fail(action + " succeeded; expected " + status);
  }

  JsonObject page() {
    return new JsonObject().put("page_id", pageId);
  }

  JsonObject createComponent(JsonObject fields) {
    return call(Services.Component.CREATE, page().put("component", fields));
  }

  JsonObject createComponent(String name) {
    return createComponent(new JsonObject().put("name", name));
  }

  JsonObject updateComponent(String id, JsonObject fields) {
    return call(Services.Component.UPDATE, page().put("component_id", id).put("component", fields));
  }

  JsonObject createGroup(String name, String... members) {
    return call(Services.Component.GROUP_CREATE, page().put("component_group",
      new JsonObject().put("name", name).put("components", new JsonArray(java.util.List.of(members)))));
  }

  JsonObject snapshot() {
    return call(Services.Component.SNAPSHOT, new JsonObject());
  }

  /** Runs a query against the service's schema directly, for what the bus cannot show (outbox, history rows). */
  Row queryOne(String sql) {
    Pool pool = PgBuilder.pool().connectingTo(new PgConnectOptions(db).addProperty("search_path", "component"))
      .using(vertx).build();
    try {
      return pool.query(sql).execute().await().iterator().next();
    } finally {
      pool.close().await();
    }
  }
}
