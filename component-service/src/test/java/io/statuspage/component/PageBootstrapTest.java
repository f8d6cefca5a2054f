package io.statuspage.component;

import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
class PageBootstrapTest {

  private final Clock clock = Clock.fixed(Instant.parse("2024-09-16T21:31:02.719Z"), ZoneOffset.UTC);

  @Test
  void concurrentInstancesCreateExactlyOnePage(Vertx vertx) {
    PgConnectOptions db = TestDatabase.fresh();
    // Each instance proposes its own random page id; only one may win.
    Config config = Config.of(TestDatabase.config(db)).with(Map.of("page.name", "Acme",
      "page.url", "https://status.acme.test", "page.timezone", "Europe/London"));
    Vertx other = Vertx.vertx();
    try {
      Future.all(
        vertx.deployVerticle(new ComponentServiceVerticle(config, Health.create(vertx), clock)),
        other.deployVerticle(new ComponentServiceVerticle(config, Health.create(other), clock))).await();

      JsonObject seen = page(vertx);
      assertEquals(seen, page(other));
      assertEquals("Acme", seen.getString("name"));
      assertEquals("https://status.acme.test", seen.getString("url"));
      assertEquals("Europe/London", seen.getString("time_zone"));
      assertEquals("2024-09-16T22:31:02.719+01:00", seen.getString("created_at"));

      // A later start finds the page and leaves it alone.
      vertx.deployVerticle(new ComponentServiceVerticle(config.with("page.name", "Other"), Health.create(vertx),
        clock)).await();
      assertEquals(seen, page(vertx));
      assertEquals(1L, countPages(vertx, db));
    } finally {
      other.close().await();
    }
  }

  private static JsonObject page(Vertx vertx) {
    return vertx.eventBus().<JsonObject>request(Services.Component.ADDRESS, new JsonObject(),
        new DeliveryOptions().addHeader(Services.ACTION, Services.Component.PAGE_GET))
      .map(Message::body).await();
  }

  private static long countPages(Vertx vertx, PgConnectOptions db) {
    Pool pool = PgBuilder.pool().connectingTo(db).using(vertx).build();
    try {
      return pool.query("SELECT count(*) FROM component.page").execute().await().iterator().next().getLong(0);
    } finally {
      pool.close().await();
    }
  }
}
