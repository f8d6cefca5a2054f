package io.statuspage.incident;

import io.statuspage.api.model.ComponentStatus;
import io.statuspage.bus.Services;
import io.statuspage.schedule.Schedule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scheduled maintenance moving by itself: the durable schedule written with each change runs the reminder, the start
 * and the completion once, at their times, across instances and restarts.
 */
class MaintenanceScheduleTest extends IncidentTestBase {

  private static final String FROM = "2024-09-17T02:00:00Z";
  private static final String UNTIL = "2024-09-17T04:00:00Z";

  private boolean hasComponent;

  @Override
  boolean runsSchedule() {
    return true;
  }

  private JsonObject maintenance(String name, String from, JsonObject flags) {
    if (!hasComponent) {
      components.add("db", "Database", null);
      hasComponent = true;
    }
    return create(new JsonObject().put("name", name).put("scheduled_for", from).put("scheduled_until", UNTIL)
      .put("components", new JsonObject().put("db", "operational")).mergeIn(flags));
  }

  private static JsonObject everything() {
    return new JsonObject().put("scheduled_remind_prior", true).put("scheduled_auto_in_progress", true)
      .put("scheduled_auto_completed", true).put("auto_transition_to_maintenance_state", true)
      .put("auto_transition_to_operational_state", true);
  }

  private int runDue() {
    return verticle.schedule().runDue().await();
  }

  private List<String> work() {
    List<String> work = new ArrayList<>();
    sql("SELECT kind FROM scheduled_work ORDER BY due_at").forEach(row -> work.add(row.getString(0)));
    return work;
  }

  @Test
  void aMaintenanceRemindsStartsAndCompletesByItselfEachOnce() {
    String id = maintenance("DB upgrade", FROM, everything()).getString("id");
    assertEquals(List.of("maintenance.remind", "maintenance.start", "maintenance.complete"), work());

    clock.set(Instant.parse("2024-09-17T00:59:59Z"));
    assertEquals(0, runDue(), "nothing is due yet");
    clock.set(Instant.parse("2024-09-17T01:00:00Z"));
    assertEquals(1, runDue());
    assertEquals("2024-09-17T01:00:00.000Z", get(id).getString("scheduled_reminded_at"));

    clock.set(Instant.parse(FROM));
    assertEquals(1, runDue());
    JsonObject started = get(id);
    assertEquals("in_progress", started.getString("status"));
    assertEquals(ComponentStatus.UNDER_MAINTENANCE, components.status("db"));
    assertEquals(List.of("maintenance.complete"), work());

    clock.set(Instant.parse(UNTIL).plusSeconds(3));
    assertEquals(1, runDue());
    assertEquals("completed", get(id).getString("status"));
    assertEquals(ComponentStatus.OPERATIONAL, components.status("db"));
    assertEquals(0, runDue());
    assertEquals(List.of(), work());
    assertEquals(List.of(Services.Incident.MAINTENANCE_SCHEDULED, Services.Incident.MAINTENANCE_REMINDER,
      Services.Incident.MAINTENANCE_STARTED, Services.Incident.MAINTENANCE_COMPLETED), eventTypes());
  }

  @Test
  void aRestartThatSpansTheStartStartsItOnStartAndDropsTheLateReminder() {
    String id = maintenance("DB upgrade", FROM, everything()).getString("id");
    undeploy();
    clock.set(Instant.parse(FROM).plus(Duration.ofMinutes(5)));
    redeploy();
    awaitEvents(2);
    assertEquals("in_progress", get(id).getString("status"));
    assertEquals(null, get(id).getValue("scheduled_reminded_at"), "the start notice replaced the reminder");
    assertEquals(List.of(Services.Incident.MAINTENANCE_SCHEDULED, Services.Incident.MAINTENANCE_STARTED),
      eventTypes());
    assertEquals(List.of("maintenance.complete"), work());
  }

  @Test
  void twoInstancesOnOneDatabaseRunEachPieceOfWorkOnce() throws Exception {
    for (int i = 0; i < 20; i++) {
      maintenance("M" + i, FROM, new JsonObject().put("scheduled_remind_prior", true)
        .put("scheduled_auto_in_progress", true));
    }
    // A second instance, in its own Vert.x, on the same database.
    Vertx other = Vertx.vertx();
    try {
      IncidentServiceVerticle second = new IncidentServiceVerticle(config, health, clock,
        (v, pool, c) -> components, new Schedule.Options().setPollInterval(Duration.ofHours(1)));
      other.deployVerticle(second).await();
      clock.set(Instant.parse(FROM).minus(Duration.ofMinutes(30)));
      Future.all(verticle.schedule().runDue(), second.schedule().runDue(), verticle.schedule().runDue())
        .await();
      clock.set(Instant.parse(FROM));
      Future.all(second.schedule().runDue(), verticle.schedule().runDue()).await();
      // A pass started by a kick (the reminders' events) may still be running what it claimed.
      awaitEvents(60);
      Future.all(second.schedule().runDue(), verticle.schedule().runDue()).await();
    } finally {
      other.close().await();
    }
    List<String> types = eventTypes();
    assertEquals(20, types.stream().filter(Services.Incident.MAINTENANCE_REMINDER::equals).count(), types::toString);
    assertEquals(20, types.stream().filter(Services.Incident.MAINTENANCE_STARTED::equals).count(), types::toString);
    assertEquals(List.of(), work());
  }

  @Test
  void aMovedWindowMovesItsWorkAndADeletedOneCancelsIt() {
    String moved = maintenance("Moved", FROM, everything()).getString("id");
    update(moved, new JsonObject().put("scheduled_for", "2024-09-17T03:30:00Z"));
    String deleted = maintenance("Deleted", FROM, everything()).getString("id");
    call(Services.Incident.DELETE, page().put("incident_id", deleted));
    assertEquals(3, work().size(), "only the moved maintenance's work is left");

    clock.set(Instant.parse(FROM));
    assertEquals(0, runDue(), "nothing was due at the old times");
    clock.set(Instant.parse("2024-09-17T03:30:00Z"));
    assertEquals(2, runDue(), "the late reminder is dropped, the start is done");
    assertEquals("in_progress", get(moved).getString("status"));
    assertTrue(eventTypes().contains(Services.Incident.MAINTENANCE_STARTED));
  }

  @Test
  void aMaintenanceStartedByHandIsNotStartedAgain() {
    String id = maintenance("By hand", FROM, everything()).getString("id");
    clock.advance(Duration.ofMinutes(1));
    update(id, new JsonObject().put("status", "in_progress"));
    assertEquals(List.of("maintenance.complete"), work());
    clock.set(Instant.parse(FROM));
    assertEquals(0, runDue());
    assertEquals(List.of(Services.Incident.MAINTENANCE_SCHEDULED, Services.Incident.MAINTENANCE_STARTED),
      eventTypes());
    assertEquals(List.of("in_progress", "scheduled"), get(id).getJsonArray("incident_updates").stream()
      .map(u -> ((JsonObject) u).getString("status")).toList(), "no automatic update after the one by hand");
  }

  private void awaitEvents(int count) {
    long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (eventTypes().size() < count && System.nanoTime() < end) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
