package io.statuspage.incident;

import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.Incident;
import io.statuspage.bus.Services;
import io.statuspage.bus.messages.IncidentChanged;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A realtime incident from first report to resolution: statuses, texts, times, components, impact and events. */
class IncidentLifecycleTest extends IncidentTestBase {

  @Test
  void anIncidentRunsFromInvestigatingToResolvedWithAnUpdateAndAnEventPerStep() {
    components.add("cmp000000001", "API", null);
    JsonObject created = create(new JsonObject().put("name", "Slow API")
      .put("components", new JsonObject().put("cmp000000001", "degraded_performance")));
    String id = created.getString("id");

    assertEquals("investigating", created.getString("status"));
    assertEquals("minor", created.getString("impact"));
    assertNull(created.getValue("impact_override"));
    assertEquals("2024-09-16T21:31:02.719Z", created.getString("created_at"));
    assertEquals(created.getString("created_at"), created.getString("started_at"));
    assertNull(created.getValue("monitoring_at"));
    assertNull(created.getValue("resolved_at"));
    assertEquals("https://status.acme.test/incidents/" + id, created.getString("shortlink"));
    assertEquals(ComponentStatus.DEGRADED_PERFORMANCE, components.status("cmp000000001"));
    assertEquals("degraded_performance", created.getJsonArray("components").getJsonObject(0).getString("status"));
    JsonObject first = created.getJsonArray("incident_updates").getJsonObject(0);
    assertEquals("We are currently investigating this issue.", first.getString("body"), "Statuspage's default");
    assertEquals(new JsonArray().add(new JsonObject().put("code", "cmp000000001").put("name", "API")
      .put("old_status", "operational").put("new_status", "degraded_performance")),
      first.getJsonArray("affected_components"));
    assertTrue(first.getBoolean("deliver_notifications"));
    assertFalse(first.containsKey("author"), "the author is for the team, not the JSON");
    assertEquals(CALLER, queryOne("SELECT author FROM incident_update").getString(0));

    clock.advance(Duration.ofMinutes(10));
    JsonObject identified = update(id, new JsonObject().put("status", "identified").put("body", "Found it"));
    clock.advance(Duration.ofMinutes(10));
    JsonObject monitoring = update(id, new JsonObject().put("status", "monitoring")
      .put("components", new JsonObject().put("cmp000000001", "operational")));
    clock.advance(Duration.ofMinutes(10));
    JsonObject resolved = update(id, new JsonObject().put("status", "resolved"));

    assertEquals("Found it", identified.getJsonArray("incident_updates").getJsonObject(0).getString("body"));
    assertEquals("2024-09-16T21:41:02.719Z", identified.getString("updated_at"));
    assertEquals("2024-09-16T21:51:02.719Z", monitoring.getString("monitoring_at"));
    assertEquals("none", monitoring.getString("impact"), "the component is operational again");
    assertEquals("2024-09-16T22:01:02.719Z", resolved.getString("resolved_at"));
    assertEquals(monitoring.getString("monitoring_at"), resolved.getString("monitoring_at"));
    assertEquals(created.getString("started_at"), resolved.getString("started_at"));
    assertEquals(4, resolved.getJsonArray("incident_updates").size());
    assertEquals(List.of("resolved", "monitoring", "identified", "investigating"), resolved
      .getJsonArray("incident_updates").stream().map(u -> ((JsonObject) u).getString("status")).toList(),
      "newest first");
    assertEquals("This incident has been resolved.",
      resolved.getJsonArray("incident_updates").getJsonObject(0).getString("body"));
    assertEquals(resolved, get(id), "a read answers what the write did");

    assertEquals(List.of(Services.Incident.INCIDENT_CREATED, Services.Incident.INCIDENT_UPDATED,
      Services.Incident.INCIDENT_UPDATED, Services.Incident.INCIDENT_RESOLVED), eventTypes());
    IncidentChanged last = events().get(3).getJsonObject("data").mapTo(IncidentChanged.class);
    assertEquals(resolved.mapTo(Incident.class), last.incident());
    assertEquals(resolved.getJsonArray("incident_updates").getJsonObject(0).getString("id"), last.incidentUpdateId());
    assertTrue(last.deliverNotifications());
    assertEquals(PAGE, last.pageId());
    assertEquals(2, components.settled.size(), "each component change settled with its incident");
  }

  @Test
  void anUpdateThatChangesNothingWritesAndAnnouncesNothing() {
    String id = create("Outage").getString("id");
    JsonObject before = get(id);
    clock.advance(Duration.ofMinutes(1));

    JsonObject again = update(id, new JsonObject().put("status", "investigating").put("name", "Outage"));

    assertEquals(before, again);
    assertEquals(List.of(Services.Incident.INCIDENT_CREATED), eventTypes());
    assertEquals(1L, queryOne("SELECT count(*) FROM incident_update").getLong(0));
  }

  @Test
  void aRenameIsNoNewsButAChange() {
    String id = create("Outage").getString("id");
    clock.advance(Duration.ofMinutes(1));
    JsonObject renamed = update(id, new JsonObject().put("name", "Database outage").put("deliver_notifications",
      false));
    assertEquals("Database outage", renamed.getString("name"));
    assertEquals(1, renamed.getJsonArray("incident_updates").size(), "no update for a rename");
    assertEquals("2024-09-16T21:32:02.719Z", renamed.getString("updated_at"));
    assertEquals(List.of(Services.Incident.INCIDENT_CREATED, Services.Incident.INCIDENT_CHANGED), eventTypes());
    assertFalse(events().get(1).getJsonObject("data").getBoolean("deliver_notifications"));
  }

  @Test
  void impactFollowsTheWorstComponentUnlessOverridden() {
    components.add("a", "API", null);
    components.add("b", "Web", "Frontend");
    JsonObject critical = create(new JsonObject().put("name", "Down").put("components",
      new JsonObject().put("a", "major_outage").put("b", "degraded_performance")));
    assertEquals("critical", critical.getString("impact"));
    String id = critical.getString("id");
    assertEquals("major", update(id, new JsonObject().put("components",
      new JsonObject().put("a", "partial_outage"))).getString("impact"));
    JsonObject overridden = update(id, new JsonObject().put("impact_override", "minor"));
    assertEquals("minor", overridden.getString("impact"));
    assertEquals("minor", overridden.getString("impact_override"));
    assertEquals("minor", update(id, new JsonObject().put("components",
      new JsonObject().put("a", "major_outage"))).getString("impact"), "the override holds");
    assertEquals("none", create("Nothing affected").getString("impact"));
  }

  @Test
  void anUpdateKeepsTheAffectedComponentsAndComponentIdsReplaceThem() {
    components.add("a", "API", null);
    components.add("b", "Web", null);
    String id = create(new JsonObject().put("name", "Down").put("component_ids", new JsonArray().add("a")))
      .getString("id");
    JsonObject kept = update(id, new JsonObject().put("components", new JsonObject().put("b", "major_outage")));
    assertEquals(List.of("a", "b"), ids(kept));
    JsonObject replaced = update(id, new JsonObject().put("component_ids", new JsonArray().add("b")));
    assertEquals(List.of("b"), ids(replaced));
  }

  @Test
  void aFailedCommitLeavesTheComponentsAsTheyWere() {
    components.add("a", "API", null);
    // A maintenance's field on a realtime incident is refused inside the transaction, after the statuses were set.
    String id = create("Down").getString("id");
    failure(Services.Incident.UPDATE, page().put("incident_id", id).put("incident", new JsonObject()
      .put("components", new JsonObject().put("a", "major_outage")).put("status", "in_progress")), 422);
    assertEquals(ComponentStatus.OPERATIONAL, components.status("a"));
    assertEquals(List.of(Services.Incident.INCIDENT_CREATED), eventTypes());
  }

  @Test
  void aReopenedIncidentIsUnresolvedAgain() {
    String id = create(new JsonObject().put("name", "Flaky").put("status", "resolved")).getString("id");
    assertNotNull(get(id).getValue("resolved_at"));
    JsonObject reopened = update(id, new JsonObject().put("status", "investigating").put("body", "It is back"));
    assertNull(reopened.getValue("resolved_at"));
    assertEquals(List.of(Services.Incident.INCIDENT_CREATED, Services.Incident.INCIDENT_UPDATED), eventTypes());
  }

  @Test
  void aDeleteAnswersTheIncidentAndRemovesItWithItsUpdates() {
    String id = create("Gone soon").getString("id");
    JsonObject before = get(id);
    assertEquals(before, call(Services.Incident.DELETE, page().put("incident_id", id)));
    failure(Services.Incident.GET, page().put("incident_id", id), 404);
    assertEquals(0L, queryOne("SELECT count(*) FROM incident_update").getLong(0));
    assertEquals(List.of(Services.Incident.INCIDENT_CREATED, Services.Incident.INCIDENT_CHANGED), eventTypes());
  }

  @Test
  void anUpdatesTextAndTimeCanBeCorrectedWithoutNews() {
    String id = create(new JsonObject().put("name", "Typo").put("body", "We are investgating")).getString("id");
    String updateId = get(id).getJsonArray("incident_updates").getJsonObject(0).getString("id");
    clock.advance(Duration.ofMinutes(5));
    JsonObject edited = call(Services.Incident.UPDATE_EDIT, page().put("incident_id", id)
      .put("incident_update_id", updateId).put("incident_update", new JsonObject().put("body", "We are investigating")
        .put("display_at", "2024-09-16T21:00:00+02:00")));
    assertEquals("We are investigating", edited.getString("body"));
    assertEquals("2024-09-16T19:00:00.000Z", edited.getString("display_at"));
    assertEquals("2024-09-16T21:36:02.719Z", edited.getString("updated_at"));
    assertEquals("2024-09-16T21:31:02.719Z", edited.getString("created_at"));
    assertEquals(edited, get(id).getJsonArray("incident_updates").getJsonObject(0));
    assertEquals(List.of(Services.Incident.INCIDENT_CREATED, Services.Incident.INCIDENT_CHANGED), eventTypes());
    failure(Services.Incident.UPDATE_EDIT, page().put("incident_id", id).put("incident_update_id", "nope")
      .put("incident_update", new JsonObject().put("body", "x")), 404);
  }

  @Test
  void timesAreShownInThePagesZone() {
    zone = "America/Los_Angeles";
    JsonObject created = create("Outage");
    assertEquals("2024-09-16T14:31:02.719-07:00", created.getString("created_at"));
    assertEquals("2024-09-16T14:31:02.719-07:00",
      created.getJsonArray("incident_updates").getJsonObject(0).getString("display_at"));
    assertEquals("2024-09-16 21:31:02.719+00", queryOne("SELECT created_at::text FROM incident").getString(0),
      "stored in UTC");
  }

  @Test
  void aPageChangeAnnouncedByComponentServiceIsPickedUp() throws InterruptedException {
    String id = create("Outage").getString("id");
    assertEquals("2024-09-16T21:31:02.719Z", get(id).getString("created_at"));
    zone = "Asia/Tokyo";
    assertEquals("2024-09-16T21:31:02.719Z", get(id).getString("created_at"), "kept until told");
    vertx.eventBus().publish(Services.Component.EVENTS, new JsonObject().put("type", Services.Component.CHANGED)
      .put("data", new JsonObject().put("page_id", PAGE).put("kind", "page").put("id", PAGE)
        .put("action", "updated")));
    String shown = null;
    for (int i = 0; i < 50 && !"2024-09-17T06:31:02.719+09:00".equals(shown); i++) {
      Thread.sleep(20);
      shown = get(id).getString("created_at");
    }
    assertEquals("2024-09-17T06:31:02.719+09:00", shown);
  }

  private static List<String> ids(JsonObject incident) {
    return incident.getJsonArray("components").stream().map(c -> ((JsonObject) c).getString("id")).toList();
  }
}
