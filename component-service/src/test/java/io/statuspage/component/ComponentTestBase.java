package io.statuspage.component;

import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.ServiceTestBase;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;

import java.time.Clock;
import java.util.Map;

/** The component service deployed on a fresh database with its page, and the page's helpers. */
abstract class ComponentTestBase extends ServiceTestBase {

  static final String T0_TEXT = "2024-09-16T21:31:02.719Z";

  String pageId;

  ComponentTestBase() {
    super(Services.Component.ADDRESS, "component");
  }

  @Override
  protected Deployable service(Config config, Health health, Clock clock) {
    return new ComponentServiceVerticle(config, health, clock);
  }

  @Override
  protected Map<String, String> settings() {
    return Map.of("page.id", "page00000001", "page.name", "Acme");
  }

  @BeforeEach
  void findPage() {
    pageId = call(Services.Component.PAGE_GET, new JsonObject()).getString("id");
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
}
