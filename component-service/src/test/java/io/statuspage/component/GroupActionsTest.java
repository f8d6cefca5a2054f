package io.statuspage.component;

import io.statuspage.bus.Services;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.statuspage.component.ComponentActionsTest.ids;
import static io.statuspage.component.ComponentActionsTest.positions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupActionsTest extends ComponentTestBase {

  @Test
  void createMovesComponentsIntoTheGroup() {
    String a = createComponent("A").getString("id");
    String b = createComponent("B").getString("id");
    String c = createComponent("C").getString("id");

    JsonObject group = call(Services.Component.GROUP_CREATE, page().put("description", "Core services")
      .put("component_group", new JsonObject().put("name", "Core").put("components", new JsonArray().add(c).add(a))));

    JsonObject expected = new JsonObject()
      .put("id", group.getString("id"))
      .put("page_id", pageId)
      .put("name", "Core")
      .put("description", "Core services")
      .put("components", new JsonArray().add(c).add(a))
      .put("position", 2)
      .put("created_at", T0_TEXT)
      .put("updated_at", T0_TEXT);
    assertEquals(expected, group);
    assertEquals(expected, call(Services.Component.GROUP_GET, page().put("component_group_id", group.getString("id"))));
    assertEquals(new JsonArray().add(expected), list(Services.Component.GROUP_LIST, page()));

    JsonArray components = list(Services.Component.LIST, page());
    assertEquals(List.of(b, c, a), ids(components));
    assertEquals(List.of(1, 1, 2), positions(components));
    assertEquals(group.getString("id"), components.getJsonObject(1).getString("group_id"));
    assertEquals(null, components.getJsonObject(0).getValue("group_id"));
  }

  @Test
  void createRejectsUnknownIdsAndGroups() {
    String a = createComponent("A").getString("id");
    String g = createGroup("G", a).getString("id");
    String b = createComponent("B").getString("id");

    JsonObject unknown = failure(Services.Component.GROUP_CREATE, page().put("component_group",
      new JsonObject().put("name", "X").put("components", new JsonArray().add(b).add("nosuchthing1"))), 422);
    assertEquals("component_group.components", unknown.getString("field"));
    JsonObject nested = failure(Services.Component.GROUP_CREATE, page().put("component_group",
      new JsonObject().put("name", "X").put("components", new JsonArray().add(b).add(g))), 422);
    assertEquals("component_group.components", nested.getString("field"));

    assertEquals(1, list(Services.Component.GROUP_LIST, page()).size());
    assertEquals(null, call(Services.Component.GET, page().put("component_id", b)).getValue("group_id"));
    failure(Services.Component.GROUP_GET, page().put("component_group_id", a), 404);
    failure(Services.Component.GET, page().put("component_id", g), 404);
  }

  @Test
  void updateReplacesMembershipAndMoves() {
    String a = createComponent("A").getString("id");
    String b = createComponent("B").getString("id");
    String c = createComponent("C").getString("id");
    String g = createGroup("G", a, b).getString("id");
    clock.advance(Duration.ofMinutes(1));

    JsonObject updated = call(Services.Component.GROUP_UPDATE, page().put("component_group_id", g).putNull("description")
      .put("component_group", new JsonObject().put("name", "Renamed").put("components", new JsonArray().add(c).add(a))
        .put("position", 1)));

    assertEquals("Renamed", updated.getString("name"));
    assertEquals(List.of(c, a), updated.getJsonArray("components").getList());
    assertEquals(1, updated.getInteger("position"));
    assertEquals("2024-09-16T21:32:02.719Z", updated.getString("updated_at"));
    JsonObject left = call(Services.Component.GET, page().put("component_id", b));
    assertEquals(null, left.getValue("group_id"));
    assertEquals(2, left.getInteger("position"));
    assertEquals(List.of(g, c, a, b), ids(snapshot().getJsonArray("components")));
  }

  @Test
  void deleteKeepsTheMembers() {
    String a = createComponent("A").getString("id");
    String b = createComponent("B").getString("id");
    String c = createComponent("C").getString("id");
    JsonObject group = createGroup("G", a, b);

    JsonObject deleted = call(Services.Component.GROUP_DELETE, page().put("component_group_id", group.getString("id")));

    assertEquals(group, deleted);
    assertEquals(List.of(c, a, b), ids(list(Services.Component.LIST, page())));
    assertEquals(List.of(1, 2, 3), positions(list(Services.Component.LIST, page())));
    assertEquals(0, list(Services.Component.GROUP_LIST, page()).size());
    failure(Services.Component.GROUP_DELETE, page().put("component_group_id", group.getString("id")), 404);
  }

  @Test
  void deletingTheLastMemberDeletesTheGroup() {
    String a = createComponent("A").getString("id");
    String b = createComponent("B").getString("id");
    String g = createGroup("G", a).getString("id");

    call(Services.Component.DELETE, page().put("component_id", a));

    failure(Services.Component.GROUP_GET, page().put("component_group_id", g), 404);
    JsonArray components = snapshot().getJsonArray("components");
    assertEquals(List.of(b), ids(components));
    assertEquals(1, components.getJsonObject(0).getInteger("position"));
  }

  @Test
  void takingTheLastMemberOfAnotherGroupDeletesIt() {
    String a = createComponent("A").getString("id");
    String b = createComponent("B").getString("id");
    String old = createGroup("Old", a).getString("id");

    JsonObject group = call(Services.Component.GROUP_CREATE, page().put("component_group", new JsonObject()
      .put("name", "New").put("components", new JsonArray().add(a).add(b)).put("position", 1)));

    failure(Services.Component.GROUP_GET, page().put("component_group_id", old), 404);
    assertEquals(List.of(group.getString("id"), a, b), ids(snapshot().getJsonArray("components")));
    assertEquals(1, group.getInteger("position"));
  }

  @Test
  void snapshotListsGroupsBeforeTheirMembersWithTheWorstStatus() {
    String a = createComponent("A").getString("id");
    String b = createComponent("B").getString("id");
    String c = createComponent("C").getString("id");
    String g = createGroup("G", b, c).getString("id");
    clock.advance(Duration.ofHours(1));
    updateComponent(b, new JsonObject().put("status", "degraded_performance"));
    updateComponent(c, new JsonObject().put("status", "partial_outage"));

    JsonObject snapshot = snapshot();

    assertEquals(new JsonObject().put("id", pageId).put("name", "Acme").put("url", "http://localhost:8080")
      .put("time_zone", "Etc/UTC").put("updated_at", "2024-09-16T22:31:02.719Z"), snapshot.getJsonObject("page"));
    assertEquals(new JsonObject().put("indicator", "minor").put("description", "Minor Service Outage"),
      snapshot.getJsonObject("status"));
    JsonArray components = snapshot.getJsonArray("components");
    assertEquals(List.of(a, g, b, c), ids(components));
    assertEquals(List.of(1, 2, 1, 2), positions(components));

    JsonObject group = components.getJsonObject(1);
    assertEquals(List.of("id", "name", "status", "created_at", "updated_at", "position", "description", "showcase",
      "start_date", "group_id", "page_id", "group", "only_show_if_degraded", "components"),
      List.copyOf(group.fieldNames()));
    assertTrue(group.getBoolean("group"));
    assertEquals("partial_outage", group.getString("status"));
    assertEquals(List.of(b, c), group.getJsonArray("components").getList());

    JsonObject member = components.getJsonObject(2);
    assertFalse(member.containsKey("components"));
    assertFalse(member.getBoolean("group"));
    assertEquals(g, member.getString("group_id"));
    assertEquals(null, member.getValue("description"));
    assertTrue(member.containsKey("start_date"));
  }
}
