package io.statuspage.incident;

import io.statuspage.api.model.Incident;
import io.statuspage.bus.Services;
import io.statuspage.bus.messages.IncidentsPart;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The lists, search and paging; keyed creates; the snapshot; unknown pages and ids. */
class ListsAndRequestsTest extends IncidentTestBase {

  private List<String> names(String action, JsonObject request) {
    return list(action, request).stream().map(i -> ((JsonObject) i).getString("name")).toList();
  }

  private JsonObject maintenance(String name, String from, String until, String status) {
    return create(new JsonObject().put("name", name).put("scheduled_for", from).put("scheduled_until", until)
      .put("status", status));
  }

  @Test
  void theListsSelectAndOrderAsStatuspageDoes() {
    create("Old resolved").getString("id");
    update(list(Services.Incident.LIST, page()).getJsonObject(0).getString("id"),
      new JsonObject().put("status", "resolved"));
    clock.advance(Duration.ofMinutes(1));
    create(new JsonObject().put("name", "Open").put("status", "monitoring"));
    clock.advance(Duration.ofMinutes(1));
    maintenance("Later", "2024-09-20T00:00:00Z", "2024-09-20T02:00:00Z", "scheduled");
    clock.advance(Duration.ofMinutes(1));
    maintenance("Sooner", "2024-09-18T00:00:00Z", "2024-09-18T02:00:00Z", "scheduled");
    clock.advance(Duration.ofMinutes(1));
    maintenance("Overdue", "2024-09-10T00:00:00Z", "2024-09-10T02:00:00Z", "scheduled");
    clock.advance(Duration.ofMinutes(1));
    maintenance("Running", "2024-09-16T00:00:00Z", "2024-09-17T00:00:00Z", "in_progress");

    assertEquals(List.of("Running", "Overdue", "Sooner", "Later", "Open", "Old resolved"),
      names(Services.Incident.LIST, page()));
    assertEquals(List.of("Open"), names(Services.Incident.UNRESOLVED, page()));
    assertEquals(List.of("Sooner", "Later"), names(Services.Incident.UPCOMING, page()));
    assertEquals(List.of("Overdue", "Sooner", "Later"), names(Services.Incident.SCHEDULED, page()));
    assertEquals(List.of("Running"), names(Services.Incident.ACTIVE_MAINTENANCE, page()));

    assertEquals(List.of("Sooner", "Later"), names(Services.Incident.LIST, page().put("limit", 2).put("page", 2)));
    assertEquals(List.of("Later"), names(Services.Incident.SCHEDULED, page().put("per_page", 1).put("page", 3)));
    assertEquals(List.of(), names(Services.Incident.LIST, page().put("page", 9)));
    assertEquals("limit", failure(Services.Incident.LIST, page().put("limit", 101), 400).getString("field"));
  }

  @Test
  void searchLooksInNamesStatusesPostmortemsAndUpdatesLiterally() {
    create("Database outage");
    clock.advance(Duration.ofMinutes(1));
    String second = create(new JsonObject().put("name", "Slow pages").put("body", "Caused by 100% CPU"))
      .getString("id");
    clock.advance(Duration.ofMinutes(1));
    String third = create(new JsonObject().put("name", "Queue_backlog").put("status", "resolved")).getString("id");
    call(Services.Incident.POSTMORTEM_PUT, page().put("incident_id", third).put("postmortem",
      new JsonObject().put("body_draft", "A KAFKA broker died")));

    assertEquals(List.of("Database outage"), names(Services.Incident.LIST, page().put("q", "DATABASE")));
    assertEquals(List.of("Slow pages"), names(Services.Incident.LIST, page().put("q", "100%")));
    assertEquals(List.of(), names(Services.Incident.LIST, page().put("q", "1%0")), "% is no wildcard");
    assertEquals(List.of("Queue_backlog"), names(Services.Incident.LIST, page().put("q", "e_b")));
    assertEquals(List.of(), names(Services.Incident.LIST, page().put("q", "e_")
      .put("q", "Queu__")), "_ is no wildcard");
    assertEquals(List.of("Queue_backlog"), names(Services.Incident.LIST, page().put("q", "kafka")));
    assertEquals(List.of("Queue_backlog"), names(Services.Incident.LIST, page().put("q", "resolved")));
    assertEquals(List.of("Slow pages", "Database outage"), names(Services.Incident.LIST, page().put("q",
      "investigat")), "the status, and the default text");
    assertEquals(second, list(Services.Incident.LIST, page().put("q", "cpu")).getJsonObject(0).getString("id"));
  }

  @Test
  void aKeyedCreateIsAppliedOnceHoweverOftenItArrives() {
    JsonObject body = page().put("incident", new JsonObject().put("name", "Outage"));
    List<Future<JsonObject>> copies = IntStream.range(0, 4)
      .mapToObj(i -> keyed(Services.Incident.CREATE, body, "r1")).toList();
    Future.join(copies).await();
    assertEquals(1, copies.stream().map(copy -> copy.result().encode()).distinct().count());
    clock.advance(Duration.ofSeconds(30));
    assertEquals(copies.get(0).result().encode(), keyed(Services.Incident.CREATE, body, "r1").await().encode());
    assertEquals(1, list(Services.Incident.LIST, page()).size());
    assertEquals(List.of(Services.Incident.INCIDENT_CREATED), eventTypes(), "announced, and notified, once");

    JsonObject template = page().put("template", new JsonObject().put("name", "T").put("title", "T"));
    assertEquals(keyed(Services.Incident.TEMPLATE_CREATE, template, "t1").await(),
      keyed(Services.Incident.TEMPLATE_CREATE, template, "t1").await());
    assertEquals(1, list(Services.Incident.TEMPLATE_LIST, page()).size());

    JsonObject refused = page().put("incident", new JsonObject().put("name", "X").put("status", "scheduled"));
    for (int attempt = 0; attempt < 2; attempt++) {
      ReplyException e = assertThrows(ReplyException.class, () -> keyed(Services.Incident.CREATE, refused, "r2")
        .await());
      assertEquals(422, e.failureCode());
    }
    assertEquals(2L, queryOne("SELECT count(*) FROM handled_request").getLong(0), "a refusal leaves no record");
  }

  @Test
  void theSnapshotHasEveryIncidentNewestFirstWithUpdatesNewestFirst() {
    String first = create("First").getString("id");
    clock.advance(Duration.ofMinutes(1));
    update(first, new JsonObject().put("status", "identified"));
    clock.advance(Duration.ofMinutes(1));
    create(new JsonObject().put("name", "Maintenance").put("scheduled_for", "2024-09-18T00:00:00Z")
      .put("scheduled_until", "2024-09-18T01:00:00Z"));

    IncidentsPart part = call(Services.Incident.SNAPSHOT, new JsonObject()).mapTo(IncidentsPart.class);
    assertEquals(List.of("Maintenance", "First"), part.incidents().stream().map(Incident::getName).toList());
    assertEquals(get(first).mapTo(Incident.class), part.incidents().get(1));
    assertEquals(List.of("identified", "investigating"), part.incidents().get(1).getIncidentUpdates().stream()
      .map(u -> u.getStatus().getValue()).toList());
    assertEquals(List.of("First"), part.unresolved().stream().map(Incident::getName).toList());
    assertEquals(List.of("Maintenance"), part.shownMaintenances().stream().map(Incident::getName).toList());
  }

  @Test
  void unknownPagesAndIncidentsAre404() {
    JsonObject other = new JsonObject().put("page_id", "nope");
    failure(Services.Incident.LIST, other, 404);
    failure(Services.Incident.CREATE, other.copy().put("incident", new JsonObject().put("name", "X")), 404);
    failure(Services.Incident.GET, page().put("incident_id", "nope"), 404);
    failure(Services.Incident.UPDATE, page().put("incident_id", "nope").put("incident", new JsonObject()
      .put("name", "X")), 404);
    failure(Services.Incident.DELETE, page().put("incident_id", "nope"), 404);
    String id = create("Mine").getString("id");
    failure(Services.Incident.GET, other.copy().put("incident_id", id), 404);
    assertEquals("incident.status", failure(Services.Incident.CREATE, page().put("incident",
      new JsonObject().put("name", "X").put("status", "broken")), 400).getString("field"));
    assertEquals(new JsonArray(), list(Services.Incident.TEMPLATE_LIST, page()));
    assertEquals(Instant.parse("2024-09-16T21:31:02.719Z"), clock.instant());
  }
}
