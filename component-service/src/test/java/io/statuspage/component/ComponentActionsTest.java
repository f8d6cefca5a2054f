package io.statuspage.component;

import io.statuspage.bus.Services;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ComponentActionsTest extends ComponentTestBase {

  @Test
  void createGetListInTheContractShape() {
    JsonObject created = createComponent(new JsonObject().put("name", "API").put("description", "Public API")
      .put("showcase", true).put("start_date", "2024-01-31"));

    JsonObject expected = new JsonObject()
      .put("id", created.getString("id"))
      .put("page_id", pageId)
      .put("group_id", null)
      .put("created_at", T0_TEXT)
      .put("updated_at", T0_TEXT)
      .put("group", false)
      .put("name", "API")
      .put("description", "Public API")
      .put("position", 1)
      .put("status", "operational")
      .put("showcase", true)
      .put("only_show_if_degraded", false)
      .put("automation_email", null)
      .put("start_date", "2024-01-31")
      .put("automation_hold", false);
    assertEquals(expected, created);
    assertEquals(12, created.getString("id").length());
    assertEquals(expected, call(Services.Component.GET, page().put("component_id", created.getString("id"))));
    assertEquals(new JsonArray().add(expected), list(Services.Component.LIST, page()));
  }

  @Test
  void updateChangesFieldsAndKeepsOthers() {
    String id = createComponent("API").getString("id");
    clock.advance(Duration.ofMinutes(5));

    JsonObject updated = updateComponent(id, new JsonObject().put("name", "Public API")
      .put("status", "partial_outage").put("only_show_if_degraded", true).put("description", "Customer facing"));

    assertEquals("Public API", updated.getString("name"));
    assertEquals("partial_outage", updated.getString("status"));
    assertEquals("Customer facing", updated.getString("description"));
    assertEquals(true, updated.getBoolean("only_show_if_degraded"));
    assertEquals(false, updated.getBoolean("showcase"));
    assertEquals(T0_TEXT, updated.getString("created_at"));
    assertEquals("2024-09-16T21:36:02.719Z", updated.getString("updated_at"));

    JsonObject cleared = updateComponent(id, new JsonObject().putNull("description"));
    assertEquals(null, cleared.getString("description"));
    assertEquals(cleared, call(Services.Component.GET, page().put("component_id", id)));
  }

  @Test
  void statusChangesAreRecordedWithTheActor() {
    String id = createComponent("API").getString("id");
    clock.advance(Duration.ofMinutes(1));
    updateComponent(id, new JsonObject().put("status", "major_outage"));
    clock.advance(Duration.ofMinutes(1));
    updateComponent(id, new JsonObject().put("status", "major_outage").put("name", "API v2"));
    clock.advance(Duration.ofMinutes(1));
    updateComponent(id, new JsonObject().put("status", "operational"));

    JsonArray history = list(Services.Component.HISTORY, page().put("component_id", id));
    assertEquals(3, history.size());
    JsonObject newest = history.getJsonObject(0);
    assertEquals(List.of("id", "component_id", "old_status", "new_status", "created_at", "actor", "reason"),
      List.copyOf(newest.fieldNames()));
    assertEquals(id, newest.getString("component_id"));
    assertEquals("major_outage", newest.getString("old_status"));
    assertEquals("operational", newest.getString("new_status"));
    assertEquals("2024-09-16T21:34:02.719Z", newest.getString("created_at"));
    assertEquals("key:test", newest.getString("actor"));
    JsonObject first = history.getJsonObject(2);
    assertEquals(null, first.getValue("old_status"));
    assertEquals("operational", first.getString("new_status"));

    JsonArray paged = list(Services.Component.HISTORY,
      page().put("component_id", id).put("page", 2).put("per_page", 2));
    assertEquals(1, paged.size());
    assertEquals(first, paged.getJsonObject(0));
  }

  @Test
  void anUnchangedUpdateWritesNothing() {
    String id = createComponent("API").getString("id");
    long events = events();
    clock.advance(Duration.ofMinutes(1));

    JsonObject same = updateComponent(id, new JsonObject().put("status", "operational").put("name", "API"));

    assertEquals(T0_TEXT, same.getString("updated_at"));
    assertEquals(1, list(Services.Component.HISTORY, page().put("component_id", id)).size());
    assertEquals(events, events());
  }

  @Test
  void aFailingUpdateLeavesNothingBehind() {
    String id = createComponent("API").getString("id");
    long events = events();

    JsonObject problem = failure(Services.Component.UPDATE, page().put("component_id", id).put("component",
      new JsonObject().put("status", "major_outage").put("group_id", "nosuchgroup1")), 422);

    assertEquals("component.group_id", problem.getString("field"));
    assertEquals("operational", call(Services.Component.GET, page().put("component_id", id)).getString("status"));
    assertEquals(1, list(Services.Component.HISTORY, page().put("component_id", id)).size());
    assertEquals(events, events());
  }

  @Test
  void aComponentIsNotAGroup() {
    String api = createComponent("API").getString("id");
    String db = createComponent("DB").getString("id");

    JsonObject problem = failure(Services.Component.UPDATE, page().put("component_id", db)
      .put("component", new JsonObject().put("group_id", api)), 422);

    assertEquals("component.group_id", problem.getString("field"));
    assertEquals("No component group with id " + api, problem.getString("detail"));
  }

  @Test
  void invalidInputIsRejectedNamingTheField() {
    assertEquals("component.start_date", failure(Services.Component.CREATE,
      page().put("component", new JsonObject().put("name", "API").put("start_date", "2024-02-30")), 422)
      .getString("field"));
    assertEquals("component.status", failure(Services.Component.CREATE,
      page().put("component", new JsonObject().put("name", "API").put("status", "broken")), 400)
      .getString("field"));
    assertEquals("component.name", failure(Services.Component.CREATE,
      page().put("component", new JsonObject()), 400).getString("field"));
    assertEquals("per_page", failure(Services.Component.LIST, page().put("per_page", 101), 400)
      .getString("field"));
    assertEquals(0, list(Services.Component.LIST, page()).size());
  }

  @Test
  void unknownIdsAreNotFound() {
    JsonObject problem = failure(Services.Component.GET, page().put("component_id", "nosuchthing1"), 404);
    assertEquals("Not Found", problem.getString("title"));
    assertEquals("No component with id nosuchthing1", problem.getString("detail"));
    assertEquals(problem.getString("detail"), problem.getString("error"));
    assertFalse(problem.containsKey("field"));

    failure(Services.Component.GET, new JsonObject().put("page_id", "nosuchpage12").put("component_id", "x"), 404);
    failure(Services.Component.CREATE, new JsonObject().put("page_id", "nosuchpage12")
      .put("component", new JsonObject().put("name", "API")), 404);
    failure(Services.Component.UPDATE, page().put("component_id", "nosuchthing1")
      .put("component", new JsonObject().put("status", "major_outage")), 404);
    failure(Services.Component.DELETE, page().put("component_id", "nosuchthing1"), 404);
    failure(Services.Component.HISTORY, page().put("component_id", "nosuchthing1"), 404);
  }

  @Test
  void deleteKeepsHistoryAndRenumbers() {
    String a = createComponent("A").getString("id");
    String b = createComponent("B").getString("id");
    String c = createComponent("C").getString("id");

    assertEquals(new JsonObject(), call(Services.Component.DELETE, page().put("component_id", b)));

    failure(Services.Component.GET, page().put("component_id", b), 404);
    assertEquals(List.of(a, c), ids(list(Services.Component.LIST, page())));
    assertEquals(List.of(1, 2), positions(list(Services.Component.LIST, page())));
    assertEquals(1, list(Services.Component.HISTORY, page().put("component_id", b)).size());
  }

  @Test
  void positionsAreDenseAndReorderable() {
    String a = createComponent("A").getString("id");
    String b = createComponent("B").getString("id");
    String c = createComponent("C").getString("id");
    String first = createComponent(new JsonObject().put("name", "First").put("position", 1)).getString("id");
    assertEquals(List.of(first, a, b, c), ids(list(Services.Component.LIST, page())));

    JsonObject moved = updateComponent(c, new JsonObject().put("position", 2));
    assertEquals(2, moved.getInteger("position"));
    assertEquals(List.of(first, c, a, b), ids(list(Services.Component.LIST, page())));
    assertEquals(List.of(1, 2, 3, 4), positions(list(Services.Component.LIST, page())));

    updateComponent(first, new JsonObject().put("position", 99));
    assertEquals(List.of(c, a, b, first), ids(list(Services.Component.LIST, page())));
    assertEquals(List.of(1, 2, 3, 4), positions(list(Services.Component.LIST, page())));

    JsonArray second = list(Services.Component.LIST, page().put("page", 2).put("per_page", 3));
    assertEquals(List.of(first), ids(second));
  }

  @Test
  void concurrentCreatesGetDistinctPositions() {
    List<Future<Object>> creates = IntStream.rangeClosed(1, 8).mapToObj(i -> request(Services.Component.CREATE,
      page().put("component", new JsonObject().put("name", "C" + i)))).toList();
    Future.all(creates).await();

    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), positions(list(Services.Component.LIST, page())));
  }

  @Test
  void movingBetweenGroupsRenumbersBothLists() {
    String a = createComponent("A").getString("id");
    String b = createComponent("B").getString("id");
    String c = createComponent("C").getString("id");
    String d = createComponent("D").getString("id");
    String g1 = createGroup("G1", a, b).getString("id");
    String g2 = createGroup("G2", c).getString("id");

    JsonObject moved = updateComponent(d, new JsonObject().put("group_id", g1).put("position", 1));
    assertEquals(g1, moved.getString("group_id"));
    assertEquals(1, moved.getInteger("position"));
    updateComponent(a, new JsonObject().put("group_id", g2));

    assertEquals(List.of(d, b), group(g1).getJsonArray("components").getList());
    assertEquals(List.of(c, a), group(g2).getJsonArray("components").getList());
    assertEquals(List.of(1, 2), positions(members(g1)));
    assertEquals(List.of(1, 2), positions(members(g2)));

    JsonObject ungrouped = updateComponent(b, new JsonObject().put("group_id", "null"));
    assertEquals(null, ungrouped.getValue("group_id"));
    assertEquals(3, ungrouped.getInteger("position"));
    assertEquals(List.of(d), group(g1).getJsonArray("components").getList());
  }

  private long events() {
    return queryOne("SELECT count(*) FROM outbox").getLong(0);
  }

  private JsonObject group(String id) {
    return call(Services.Component.GROUP_GET, page().put("component_group_id", id));
  }

  private JsonArray members(String groupId) {
    JsonArray out = new JsonArray();
    list(Services.Component.LIST, page()).stream().map(JsonObject.class::cast)
      .filter(c -> groupId.equals(c.getString("group_id"))).forEach(out::add);
    return out;
  }

  static List<String> ids(JsonArray array) {
    return array.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  static List<Integer> positions(JsonArray array) {
    return array.stream().map(o -> ((JsonObject) o).getInteger("position")).toList();
  }
}
