package io.statuspage.uptime;

import io.statuspage.bus.Services;
import io.statuspage.component.ComponentServiceVerticle;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.ServiceTestBase;
import io.vertx.core.Deployable;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;

import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The uptime-collector beside the real component-service on one bus and database, with a page and its "API"
 * component ({@link #pageId}, {@link #componentId}) made before each test; time comes from the test's clock.
 */
abstract class UptimeTestBase extends ServiceTestBase {

  protected String pageId;
  protected String componentId;

  protected UptimeTestBase() {
    super(Services.Uptime.ADDRESS, "uptime");
  }

  @Override
  protected Deployable service(Config config, Health health, Clock clock) {
    return new UptimeCollectorVerticle(config, health, clock);
  }

  // JUnit runs this after ServiceTestBase's deploy and before the subclasses' own @BeforeEach methods.
  @BeforeEach
  void componentService() {
    vertx.deployVerticle(new ComponentServiceVerticle(config, health, clock)).await();
    pageId = component(Services.Component.PAGE_GET, new JsonObject()).getString("id");
    componentId = component(Services.Component.CREATE, page().put("component", new JsonObject().put("name", "API")))
      .getString("id");
  }

  /** Asks component-service, as the gateway does for {@link #CALLER}. */
  protected JsonObject component(String action, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(Services.Component.ADDRESS, body,
      new DeliveryOptions().addHeader(Services.ACTION, action).addHeader(Services.CALLER, CALLER))
      .map(Message::body).await();
  }

  /** A request body naming the test's page. */
  protected JsonObject page() {
    return new JsonObject().put("page_id", pageId);
  }

  /** The single count {@code query} ({@code $1}, {@code $2} for {@code params}) returns. */
  protected long count(String query, Object... params) {
    return sql(query, params).iterator().next().getLong(0);
  }

  /** Waits until {@code condition} holds, polling every 50 ms, for 15 s at the most. */
  protected static void awaitTrue(BooleanSupplier condition) {
    long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within 15 s");
      }
      sleep(50);
    }
  }

  protected static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
