package io.statuspage.component;

import io.statuspage.bus.Services;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Requests read into the contract's models, as a caller that bypasses the gateway may send them: what does not fit is
 * a 400 naming the field and changes nothing; an absent field keeps its value where an explicit null clears it.
 */
class RequestModelsTest extends ComponentTestBase {

  @Test
  void aBodyThatDoesNotFitTheModelIsA400NamingTheField() {
    String api = createComponent("API").getString("id");
    record Case(String action, JsonObject request, String field) {
    }
    for (Case c : List.of(
      new Case(Services.Component.CREATE, page().put("component", "API"), "component"),
      new Case(Services.Component.CREATE, page().put("component", new JsonObject().put("name", "DB")
        .put("showcase", "yes")), "component.showcase"),
      new Case(Services.Component.CREATE, page().put("component", new JsonObject().put("name", List.of("DB"))),
        "component.name"),
      new Case(Services.Component.UPDATE, page().put("component_id", api).put("component", new JsonObject()
        .put("position", 1.5)), "component.position"),
      new Case(Services.Component.UPDATE, page().put("component_id", api).put("component", new JsonObject()
        .put("status", "down")), "component.status"),
      new Case(Services.Component.UPDATE, page().put("component_id", 42).put("component", new JsonObject()
        .put("status", "major_outage")), "component_id"),
      new Case(Services.Component.GROUP_CREATE, page().put("component_group", new JsonObject().put("name", "G")
        .put("components", api)), "component_group.components"),
      new Case(Services.Component.GROUP_CREATE, page().put("component_group", new JsonObject().put("name", "G")
        .put("components", new JsonArray())), "component_group.components"),
      new Case(Services.Component.GROUP_UPDATE, page().put("component_group_id", api).put("description", 7),
        "description"),
      new Case(Services.Component.PAGE_UPDATE, page().put("page", new JsonObject().put("url", false)), "page.url"),
      new Case(Services.Component.PAGE_UPDATE, page(), "page"))) {
      JsonObject problem = failure(c.action(), c.request(), 400);
      assertEquals(c.field(), problem.getString("field"), c.toString());
      assertEquals("Bad Request", problem.getString("title"), c.toString());
    }
    assertEquals(List.of(api), ComponentActionsTest.ids(list(Services.Component.LIST, page())));
    assertEquals("operational", call(Services.Component.GET, page().put("component_id", api)).getString("status"));
  }

  @Test
  void anAbsentFieldKeepsItsValueAndAnExplicitNullClearsIt() {
    String api = createComponent(new JsonObject().put("name", "API").put("description", "Public")
      .put("start_date", "2024-01-31")).getString("id");
    String db = createComponent("DB").getString("id");
    String group = call(Services.Component.GROUP_CREATE, page().put("description", "Core services")
      .put("component_group", new JsonObject().put("name", "Core").put("components", new JsonArray().add(api))))
      .getString("id");

    JsonObject kept = updateComponent(api, new JsonObject().put("name", "API v2"));
    assertEquals("Public", kept.getString("description"));
    assertEquals("2024-01-31", kept.getString("start_date"));
    assertEquals(group, kept.getString("group_id"));

    JsonObject cleared = updateComponent(api, new JsonObject().putNull("start_date").putNull("group_id")
      .put("position", 1));
    assertEquals("Public", cleared.getString("description"));
    assertEquals(null, cleared.getValue("start_date"));
    assertEquals(null, cleared.getValue("group_id"));

    String other = call(Services.Component.GROUP_CREATE, page().put("description", "Data")
      .put("component_group", new JsonObject().put("name", "Data").put("components", new JsonArray().add(db).add(api))))
      .getString("id");
    JsonObject renamed = call(Services.Component.GROUP_UPDATE, page().put("component_group_id", other)
      .put("component_group", new JsonObject().put("name", "Storage")));
    assertEquals(List.of(db, api), renamed.getJsonArray("components").getList(), "members not given are kept");
    assertEquals("Data", renamed.getString("description"), "a description not given is kept");
    JsonObject undescribed = call(Services.Component.GROUP_UPDATE, page().put("component_group_id", other)
      .putNull("description"));
    assertEquals(null, undescribed.getValue("description"));
    assertEquals("Storage", undescribed.getString("name"));
    assertEquals(List.of(db, api), undescribed.getJsonArray("components").getList());
  }
}
