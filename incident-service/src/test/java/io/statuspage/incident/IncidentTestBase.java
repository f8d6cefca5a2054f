package io.statuspage.incident;

import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.ServiceTestBase;
import io.statuspage.schedule.Schedule;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The incident service on a fresh database, with component-service played by the test: {@code page.get} answers
 * the page {@link #PAGE} in {@link #zone}, and the components are a {@link FakeComponents}.
 */
abstract class IncidentTestBase extends ServiceTestBase {

  static final String PAGE = "page00000001";

  final FakeComponents components = new FakeComponents();
  volatile String zone = "Etc/UTC";
  /** The verticle last deployed: the scheduler's way in ({@link IncidentServiceVerticle#service()}). */
  volatile IncidentServiceVerticle verticle;

  IncidentTestBase() {
    super(Services.Incident.ADDRESS, "incident");
  }

  @Override
  protected Deployable service(Config config, Health health, Clock clock) {
    verticle = new IncidentServiceVerticle(config, health, clock, (v, pool, c) -> components, new Schedule.Options());
    return verticle;
  }

  /**
   * Whether the durable schedule runs by itself. Off by default: tests that call the maintenance transitions directly
   * would race it (a kick after a change runs what is due by the test's clock).
   */
  boolean runsSchedule() {
    return false;
  }

  @BeforeEach
  void holdTheSchedule() {
    if (!runsSchedule()) {
      verticle.schedule().stop().await();
    }
  }

  @BeforeEach
  void playComponentService() {
    vertx.eventBus().<JsonObject>consumer(Services.Component.ADDRESS, message -> {
      if (Services.Component.PAGE_GET.equals(message.headers().get(Services.ACTION))
        && PAGE.equals(message.body().getString("page_id"))) {
        message.reply(new JsonObject().put("id", PAGE).put("name", "Acme").put("url", "https://status.acme.test")
          .put("time_zone", zone));
      } else {
        message.fail(404, new JsonObject().put("type", "about:blank").put("title", "Not Found").put("status", 404)
          .put("detail", "No page with id " + message.body().getString("page_id")).encode());
      }
    }).completion().await();
  }

  JsonObject page() {
    return new JsonObject().put("page_id", PAGE);
  }

  JsonObject create(JsonObject fields) {
    return call(Services.Incident.CREATE, page().put("incident", fields));
  }

  JsonObject create(String name) {
    return create(new JsonObject().put("name", name));
  }

  JsonObject update(String id, JsonObject fields) {
    return call(Services.Incident.UPDATE, page().put("incident_id", id).put("incident", fields));
  }

  JsonObject get(String id) {
    return call(Services.Incident.GET, page().put("incident_id", id));
  }

  Future<JsonObject> keyed(String action, JsonObject body, String requestId) {
    return vertx.eventBus().<JsonObject>request(Services.Incident.ADDRESS, body, new DeliveryOptions()
        .addHeader(Services.ACTION, action).addHeader(Services.CALLER, CALLER)
        .addHeader(Services.REQUEST_ID, requestId).setSendTimeout(10_000))
      .map(Message::body);
  }

  /** The outbox's events so far, oldest first: type and data. */
  List<JsonObject> events() {
    List<JsonObject> events = new ArrayList<>();
    sql("SELECT type, payload FROM outbox ORDER BY id").forEach(row -> events.add(new JsonObject()
      .put("type", row.getString("type")).put("data", (JsonObject) row.getValue("payload"))));
    return events;
  }

  List<String> eventTypes() {
    return events().stream().map(e -> e.getString("type")).toList();
  }
}
