package io.statuspage.incident;

import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.Incident;
import io.statuspage.bus.Services;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scheduled maintenance: its window, its statuses, and the transitions the scheduler calls. */
class MaintenanceTest extends IncidentTestBase {

  private static final String FROM = "2024-09-17T02:00:00Z";
  private static final String UNTIL = "2024-09-17T04:00:00Z";

  private IncidentService service() {
    return verticle.service();
  }

  private JsonObject maintenance(JsonObject more) {
    components.add("db", "Database", null);
    return create(new JsonObject().put("name", "DB upgrade").put("scheduled_for", FROM).put("scheduled_until", UNTIL)
      .put("component_ids", new JsonArray().add("db")).mergeIn(more));
  }

  @Test
  void aMaintenanceIsScheduledWithItsWindowAndImpact() {
    JsonObject m = maintenance(new JsonObject());
    assertEquals("scheduled", m.getString("status"));
    assertEquals("maintenance", m.getString("impact"));
    assertEquals("2024-09-17T02:00:00.000Z", m.getString("scheduled_for"));
    assertEquals("2024-09-17T04:00:00.000Z", m.getString("scheduled_until"));
    assertEquals(m.getString("scheduled_for"), m.getString("started_at"));
    assertEquals("We will be undergoing scheduled maintenance during this time.",
      m.getJsonArray("incident_updates").getJsonObject(0).getString("body"));
    assertEquals(List.of(Services.Incident.MAINTENANCE_SCHEDULED), eventTypes());
  }

  @Test
  void statusesOfTheOtherKindAndBadWindowsAre422() {
    components.add("db", "Database", null);
    JsonObject window = new JsonObject().put("name", "M").put("scheduled_for", FROM).put("scheduled_until", UNTIL);
    assertEquals("incident.status", failure(Services.Incident.CREATE, page().put("incident",
      window.copy().put("status", "investigating")), 422).getString("field"));
    assertEquals("incident.status", failure(Services.Incident.CREATE, page().put("incident",
      new JsonObject().put("name", "I").put("status", "in_progress")), 422).getString("field"));
    assertEquals("incident.status", failure(Services.Incident.CREATE, page().put("incident",
      new JsonObject().put("name", "I").put("status", "postmortem")), 422).getString("field"));
    assertEquals("incident.scheduled_until", failure(Services.Incident.CREATE, page().put("incident",
      window.copy().put("scheduled_until", FROM)), 422).getString("field"));
    assertEquals("incident.scheduled_until", failure(Services.Incident.CREATE, page().put("incident",
      window.copy().putNull("scheduled_until").put("name", "M")), 422).getString("field"));
    assertEquals("incident.scheduled_for", failure(Services.Incident.CREATE, page().put("incident",
      new JsonObject().put("name", "I").put("scheduled_until", UNTIL)), 422).getString("field"));
    String id = create("Realtime").getString("id");
    assertEquals("incident.scheduled_for", failure(Services.Incident.UPDATE, page().put("incident_id", id)
      .put("incident", new JsonObject().put("scheduled_for", FROM)), 422).getString("field"));
    assertEquals(List.of(Services.Incident.INCIDENT_CREATED), eventTypes(), "nothing half-done");
  }

  @Test
  void startAndCompleteMoveTheMaintenanceAndItsComponentsOnce() {
    String id = maintenance(new JsonObject().put("scheduled_auto_in_progress", true)
      .put("scheduled_auto_completed", true).put("auto_transition_to_maintenance_state", true)
      .put("auto_transition_to_operational_state", true)).getString("id");
    clock.set(Instant.parse(FROM));

    JsonObject started = service().start(id, "start-1").await();
    assertEquals("in_progress", started.getString("status"));
    assertEquals(FROM.replace("Z", ".000Z"), started.getString("started_at"));
    assertEquals(ComponentStatus.UNDER_MAINTENANCE, components.status("db"));
    JsonObject update = started.getJsonArray("incident_updates").getJsonObject(0);
    assertEquals("Scheduled maintenance is currently in progress. We will provide updates as necessary.",
      update.getString("body"));
    assertEquals("under_maintenance", update.getJsonArray("affected_components").getJsonObject(0)
      .getString("new_status"));
    assertEquals("system", queryOne("SELECT author FROM incident_update ORDER BY created_at DESC LIMIT 1")
      .getString(0));

    assertEquals(started, service().start(id, "start-1").await(), "the same request: the first reply");
    assertEquals(started, service().start(id, "start-2").await(), "moved on: nothing to do");

    clock.set(Instant.parse(UNTIL));
    JsonObject completed = service().complete(id, "complete-1").await();
    assertEquals("completed", completed.getString("status"));
    assertEquals("2024-09-17T04:00:00.000Z", completed.getString("resolved_at"));
    assertEquals(ComponentStatus.OPERATIONAL, components.status("db"));
    assertEquals(completed, service().complete(id, "complete-2").await());

    assertEquals(List.of(Services.Incident.MAINTENANCE_SCHEDULED, Services.Incident.MAINTENANCE_STARTED,
      Services.Incident.MAINTENANCE_COMPLETED), eventTypes());
  }

  @Test
  void withoutAutomaticComponentStatesOnlyTheMaintenanceMoves() {
    String id = maintenance(new JsonObject()).getString("id");
    service().start(id, "s").await();
    assertEquals(ComponentStatus.OPERATIONAL, components.status("db"));
    assertTrue(components.applied.stream().allMatch(java.util.Map::isEmpty), "no status was set");
  }

  @Test
  void aReminderIsSentOnceAndNeverAfterTheWindowBegan() {
    String id = maintenance(new JsonObject().put("scheduled_remind_prior", true)).getString("id");
    clock.set(Instant.parse("2024-09-17T01:00:00Z"));
    JsonObject reminded = service().remind(id, "remind-1").await();
    assertEquals("2024-09-17T01:00:00.000Z", reminded.getString("scheduled_reminded_at"));
    service().remind(id, "remind-2").await();
    assertEquals(List.of(Services.Incident.MAINTENANCE_SCHEDULED, Services.Incident.MAINTENANCE_REMINDER),
      eventTypes());
    JsonObject reminder = events().get(1).getJsonObject("data");
    assertNull(reminder.getValue("incident_update_id"));
    assertTrue(reminder.getBoolean("deliver_notifications"));

    String late = create(new JsonObject().put("name", "Late").put("scheduled_for", "2024-09-17T01:30:00Z")
      .put("scheduled_until", UNTIL).put("scheduled_remind_prior", true)).getString("id");
    clock.set(Instant.parse("2024-09-17T01:31:00Z"));
    assertNull(service().remind(late, "remind-3").await().getValue("scheduled_reminded_at"));
    assertEquals(3, eventTypes().size(), "the start notice replaces a late reminder");
  }

  @Test
  void theWorkAMaintenanceNeedsFollowsItsFlagsAndStatus() {
    Incident m = maintenance(new JsonObject().put("scheduled_remind_prior", true)
      .put("scheduled_auto_in_progress", true).put("scheduled_auto_completed", true)).mapTo(Incident.class);
    List<MaintenanceWork.Due> due = MaintenanceWork.of(m);
    assertEquals(List.of(MaintenanceWork.Kind.REMIND, MaintenanceWork.Kind.START, MaintenanceWork.Kind.COMPLETE),
      due.stream().map(MaintenanceWork.Due::kind).toList());
    assertEquals(List.of(Instant.parse("2024-09-17T01:00:00Z"), Instant.parse(FROM), Instant.parse(UNTIL)),
      due.stream().map(d -> d.at().toInstant()).toList());
    assertEquals(m.getId() + ":start:" + FROM, due.get(1).key());

    clock.set(Instant.parse(FROM));
    Incident started = service().start(m.getId(), "s").await().mapTo(Incident.class);
    assertEquals(List.of(MaintenanceWork.Kind.COMPLETE),
      MaintenanceWork.of(started).stream().map(MaintenanceWork.Due::kind).toList());
    assertEquals(List.of(), MaintenanceWork.of(create("Realtime").mapTo(Incident.class)));

    JsonObject moved = update(create(new JsonObject().put("name", "M2").put("scheduled_for", FROM)
      .put("scheduled_until", UNTIL).put("scheduled_auto_in_progress", true)).getString("id"),
      new JsonObject().put("scheduled_for", "2024-09-17T03:00:00Z"));
    assertEquals(OffsetDateTime.parse("2024-09-17T03:00:00Z").toInstant(),
      MaintenanceWork.of(moved.mapTo(Incident.class)).get(0).at().toInstant(), "a moved window, a new due time");
  }

  @Test
  void aWindowAcrossADaylightSavingChangeKeepsItsInstantsAndShowsEachOffset() {
    zone = "Europe/London";
    // Clocks went back at 02:00 BST (01:00 UTC) on 27 October 2024.
    JsonObject m = create(new JsonObject().put("name", "Night work").put("scheduled_for", "2024-10-27T00:30:00Z")
      .put("scheduled_until", "2024-10-27T02:30:00Z").put("scheduled_remind_prior", true));
    assertEquals("2024-10-27T01:30:00.000+01:00", m.getString("scheduled_for"));
    assertEquals("2024-10-27T02:30:00.000Z", m.getString("scheduled_until"));
    assertEquals(Duration.ofHours(2), Duration.between(OffsetDateTime.parse(m.getString("scheduled_for")),
      OffsetDateTime.parse(m.getString("scheduled_until"))));
    assertEquals(Instant.parse("2024-10-26T23:30:00Z"),
      MaintenanceWork.of(m.mapTo(Incident.class)).get(0).at().toInstant(), "60 minutes before, in real time");
  }

  @Test
  void anUpdateCanStartAndCompleteByHand() {
    String id = maintenance(new JsonObject()).getString("id");
    update(id, new JsonObject().put("status", "in_progress"));
    update(id, new JsonObject().put("status", "verifying"));
    update(id, new JsonObject().put("body", "Still checking"));
    update(id, new JsonObject().put("status", "completed"));
    assertEquals(List.of(Services.Incident.MAINTENANCE_SCHEDULED, Services.Incident.MAINTENANCE_STARTED,
      Services.Incident.MAINTENANCE_UPDATED, Services.Incident.MAINTENANCE_UPDATED,
      Services.Incident.MAINTENANCE_COMPLETED), eventTypes());
  }
}
