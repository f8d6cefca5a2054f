package io.statuspage.gateway.snapshot;

import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.gateway.IncidentSamples;
import io.statuspage.gateway.api.PublicApi;
import io.statuspage.gateway.page.PageView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static io.statuspage.gateway.IncidentSamples.incident;
import static io.statuspage.gateway.IncidentSamples.maintenance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The v2 incident and maintenance lists, the pages and the feeds, as the snapshot renders them from the parts. */
class IncidentEndpointsTest {

  private static final Instant NOW = Instant.parse("2026-11-18T14:00:00Z");
  private final SnapshotBuilder builder = new SnapshotBuilder(PageView.defaults());

  /** 55 resolved incidents a day apart, 2 unresolved, and a maintenance in each status. */
  private static List<Incident> history() {
    List<Incident> all = new ArrayList<>();
    IntStream.range(0, 55).forEach(n -> all.add(incident(String.format("old%09d", n), "Old " + n,
      IncidentStatus.RESOLVED, Instant.parse("2026-11-17T10:00:00Z").minusSeconds(86_400L * n).toString())));
    all.add(incident("unres0000001", "Slow API", IncidentStatus.INVESTIGATING, "2026-11-18T09:00:00Z"));
    all.add(incident("unres0000002", "Emails delayed", IncidentStatus.MONITORING, "2026-11-18T12:00:00Z"));
    all.add(maintenance("mnt000000001", "Later upgrade", IncidentStatus.SCHEDULED, "2026-12-10T22:00:00Z",
      "2026-12-11T01:00:00Z"));
    all.add(maintenance("mnt000000002", "Sooner upgrade", IncidentStatus.SCHEDULED, "2026-11-25T22:00:00Z",
      "2026-11-26T01:00:00Z"));
    all.add(maintenance("mnt000000003", "Network work", IncidentStatus.IN_PROGRESS, "2026-11-18T13:00:00Z",
      "2026-11-18T16:00:00Z"));
    all.add(maintenance("mnt000000004", "Disk swap", IncidentStatus.VERIFYING, "2026-11-18T11:00:00Z",
      "2026-11-18T15:00:00Z"));
    all.add(maintenance("mnt000000005", "Old patch", IncidentStatus.COMPLETED, "2026-11-02T22:00:00Z",
      "2026-11-02T23:00:00Z"));
    return all;
  }

  private static Map<String, JsonObject> parts(List<Incident> incidents) {
    Map<String, JsonObject> parts = new LinkedHashMap<>();
    parts.put("components", SnapshotBuilderTest.componentsPart("operational"));
    parts.get("components").getJsonObject("page").put("time_zone", "Europe/Berlin");
    parts.put("incidents", IncidentSamples.part(incidents));
    return parts;
  }

  private static JsonObject json(Snapshot snapshot, String path) {
    Snapshot.Resource resource = snapshot.get(path);
    assertNotNull(resource, path);
    assertEquals("application/json; charset=utf-8", resource.contentType(), path);
    return new JsonObject(resource.body());
  }

  private static List<String> ids(JsonArray items) {
    return items.stream().map(i -> ((JsonObject) i).getString("id")).toList();
  }

  @Test
  void eachListIsServedByItsOperationWithTheSummarysHeaders() {
    Snapshot snapshot = builder.build(parts(history()), NOW, false);
    assertEquals(Set.of(SnapshotBuilder.SUMMARY, SnapshotBuilder.STATUS, SnapshotBuilder.COMPONENTS,
      SnapshotBuilder.INCIDENTS, SnapshotBuilder.UNRESOLVED, SnapshotBuilder.MAINTENANCES, SnapshotBuilder.UPCOMING,
      SnapshotBuilder.ACTIVE, SnapshotBuilder.UPTIME), Set.copyOf(PublicApi.OPERATIONS.values()));
    Snapshot.Resource summary = snapshot.get(SnapshotBuilder.SUMMARY);
    for (String path : PublicApi.OPERATIONS.values()) {
      Snapshot.Resource r = snapshot.get(path);
      // uptime.json's figures change without the page: it is modified when its data was fetched.
      assertEquals(path.equals(SnapshotBuilder.UPTIME) ? "Wed, 18 Nov 2026 14:00:00 GMT" : summary.lastModified(),
        r.lastModified(), path);
      assertEquals(summary.cacheControl(), r.cacheControl(), path);
      assertNull(r.contentSecurityPolicy(), path);
      assertEquals(SnapshotBuilder.etag(r.body()), r.etag(), path);
    }
  }

  @Test
  void incidentsAreTheFiftyMostRecentRealtimeOnesNewestFirstAtThePagesOffset() {
    JsonObject body = json(builder.build(parts(history()), NOW, false), SnapshotBuilder.INCIDENTS);
    assertEquals(List.of("page", "incidents"), List.copyOf(body.fieldNames()));
    JsonArray incidents = body.getJsonArray("incidents");
    assertEquals(50, incidents.size());
    List<String> expected = new ArrayList<>(List.of("unres0000002", "unres0000001"));
    IntStream.range(0, 48).forEach(n -> expected.add(String.format("old%09d", n)));
    assertEquals(expected, ids(incidents), "newest first, maintenances left out");
    JsonObject first = incidents.getJsonObject(0);
    assertEquals(List.of("id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact",
      "shortlink", "started_at", "page_id", "incident_updates", "components"),
      List.copyOf(first.fieldNames()), "Statuspage's order; the window only on maintenances");
    assertEquals("2026-11-18T13:00:00.000+01:00", first.getString("created_at"), "Europe/Berlin in November");
    assertEquals("2026-11-18T13:00:00.000+01:00", first.getJsonArray("incident_updates").getJsonObject(0)
      .getString("display_at"));
    assertFalse(first.containsKey("postmortem_body"), "team-only fields stay out");
    assertTrue(first.containsKey("resolved_at") && first.getValue("resolved_at") == null, "nulls are written");
    String old = incidents.getJsonObject(49).getString("created_at");
    assertTrue(old.endsWith("+02:00"), "a summer incident at the summer offset: " + old);
  }

  @Test
  void unresolvedAreThoseStillOpenNewestFirstAsInTheSummary() {
    Snapshot snapshot = builder.build(parts(history()), NOW, false);
    JsonObject body = json(snapshot, SnapshotBuilder.UNRESOLVED);
    assertEquals(List.of("page", "incidents"), List.copyOf(body.fieldNames()));
    assertEquals(List.of("unres0000002", "unres0000001"), ids(body.getJsonArray("incidents")));
    assertEquals(body.getJsonArray("incidents"), json(snapshot, SnapshotBuilder.SUMMARY).getJsonArray("incidents"));
  }

  @Test
  void maintenancesLatestWindowFirstUpcomingAndActiveSoonestFirst() {
    Snapshot snapshot = builder.build(parts(history()), NOW, false);
    JsonObject all = json(snapshot, SnapshotBuilder.MAINTENANCES);
    assertEquals(List.of("page", "scheduled_maintenances"), List.copyOf(all.fieldNames()));
    assertEquals(List.of("mnt000000001", "mnt000000002", "mnt000000003", "mnt000000004", "mnt000000005"),
      ids(all.getJsonArray("scheduled_maintenances")));
    JsonObject later = all.getJsonArray("scheduled_maintenances").getJsonObject(0);
    assertEquals("2026-12-10T23:00:00.000+01:00", later.getString("scheduled_for"));
    assertEquals("maintenance", later.getString("impact"));
    assertEquals(List.of("mnt000000002", "mnt000000001"),
      ids(json(snapshot, SnapshotBuilder.UPCOMING).getJsonArray("scheduled_maintenances")));
    assertEquals(List.of("mnt000000004", "mnt000000003"),
      ids(json(snapshot, SnapshotBuilder.ACTIVE).getJsonArray("scheduled_maintenances")));
    assertEquals(List.of("mnt000000004", "mnt000000003", "mnt000000002", "mnt000000001"),
      ids(json(snapshot, SnapshotBuilder.SUMMARY).getJsonArray("scheduled_maintenances")),
      "the summary shows active and upcoming, soonest first");
  }

  @Test
  void fiftyMaintenancesAtMost() {
    List<Incident> many = new ArrayList<>();
    IntStream.range(0, 60).forEach(n -> many.add(maintenance(String.format("m%011d", n), "M" + n,
      IncidentStatus.COMPLETED, Instant.parse("2026-11-01T00:00:00Z").minusSeconds(86_400L * n).toString(),
      Instant.parse("2026-11-01T01:00:00Z").minusSeconds(86_400L * n).toString())));
    JsonArray listed = json(builder.build(parts(many), NOW, false), SnapshotBuilder.MAINTENANCES)
      .getJsonArray("scheduled_maintenances");
    assertEquals(50, listed.size());
    assertEquals("m00000000000", listed.getJsonObject(0).getString("id"));
    assertEquals("m00000000049", listed.getJsonObject(49).getString("id"));
  }

  @Test
  void noIncidentsGiveEmptyListsNotMissingOnes() {
    Snapshot snapshot = builder.build(SnapshotBuilderTest.parts("operational"), NOW, false);
    assertEquals(new JsonArray(), json(snapshot, SnapshotBuilder.INCIDENTS).getJsonArray("incidents"));
    assertEquals(new JsonArray(), json(snapshot, SnapshotBuilder.ACTIVE).getJsonArray("scheduled_maintenances"));
    assertNotNull(snapshot.get("/history"));
    assertTrue(new String(snapshot.get(SnapshotBuilder.ATOM).body().getBytes(), StandardCharsets.UTF_8)
      .contains("<feed"));
  }

  @Test
  void everyIncidentHasItsPageAndTheFeedsAndHistoryAreServed() {
    List<Incident> all = history();
    all.add(incident("ancient00001", "June outage", IncidentStatus.RESOLVED, "2026-06-15T10:00:00Z"));
    Snapshot snapshot = builder.build(parts(all), NOW, false);
    for (Incident i : all) {
      Snapshot.Resource page = snapshot.get("/incidents/" + i.getId());
      assertNotNull(page, i.getId());
      assertEquals("text/html; charset=utf-8", page.contentType());
      assertTrue(page.contentSecurityPolicy().contains("default-src 'none'"));
      assertTrue(page.body().toString(StandardCharsets.UTF_8).contains(i.getName()));
    }
    assertEquals("application/atom+xml; charset=utf-8", snapshot.get(SnapshotBuilder.ATOM).contentType());
    assertEquals("application/rss+xml; charset=utf-8", snapshot.get(SnapshotBuilder.RSS).contentType());
    assertEquals("text/calendar; charset=utf-8", snapshot.get(SnapshotBuilder.CALENDAR).contentType());
    assertNotNull(snapshot.get("/history"));
    assertNotNull(snapshot.get("/history/2026-08"), "the second page of three months");
    assertNull(snapshot.get("/history/2026-05"), "nothing older than June");
  }

  @Test
  void anIdThatCannotBeAPathGetsNoPageAndAnIncidentWithoutAStatusIsRefused() {
    Incident odd = incident("../../admin", "Odd", IncidentStatus.RESOLVED, "2026-11-18T09:00:00Z");
    Snapshot snapshot = builder.build(parts(List.of(odd)), NOW, false);
    assertTrue(snapshot.resources().keySet().stream().noneMatch(p -> p.contains("admin")),
      snapshot.resources().keySet().toString());
    assertEquals("../../admin", json(snapshot, SnapshotBuilder.INCIDENTS).getJsonArray("incidents")
      .getJsonObject(0).getString("id"), "the API still lists it");

    Map<String, JsonObject> broken = parts(List.of(incident("x", "No status", IncidentStatus.RESOLVED,
      "2026-11-18T09:00:00Z")));
    broken.get("incidents").getJsonArray("incidents").getJsonObject(0).putNull("status");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.build(broken, NOW,
      false));
    assertTrue(e.getMessage().contains("incidents part"), e.getMessage());
  }

  @Test
  void incidentPagesAreMadeAtTheirFirstRequestAndAFewAreKept() {
    List<Incident> many = new ArrayList<>();
    IntStream.range(0, IncidentPages.KEPT + 10).forEach(n -> many.add(incident(String.format("i%011d", n), "I" + n,
      IncidentStatus.RESOLVED, Instant.parse("2026-11-17T10:00:00Z").minusSeconds(600L * n).toString())));
    Snapshot snapshot = builder.build(parts(many), NOW, false);
    IncidentPages pages = (IncidentPages) snapshot.onDemand();
    assertEquals(0, pages.kept(), "nothing made with the snapshot");
    assertTrue(snapshot.resources().keySet().stream().noneMatch(p -> p.startsWith("/incidents/")));
    Snapshot.Resource first = snapshot.get("/incidents/i00000000000");
    assertTrue(first.body().toString(StandardCharsets.UTF_8).contains("<h1 class=\"govuk-heading-xl\">I0</h1>"));
    assertEquals(first, snapshot.get("/incidents/i00000000000"), "kept");
    assertEquals(first.etag(), builder.build(parts(many), NOW, false).get("/incidents/i00000000000").etag(),
      "the same data makes the same page on any gateway");
    for (Incident i : many) {
      assertNotNull(snapshot.get("/incidents/" + i.getId()));
    }
    assertEquals(IncidentPages.KEPT, pages.kept(), "bounded");
    assertNull(snapshot.get("/incidents/nope"));
    assertNull(snapshot.get("/incidents/"));
  }

  @Test
  void theIncidentsPartIsReadAgainOnlyWhenItOrThePagesZoneChanged() {
    Map<String, JsonObject> parts = parts(history());
    SnapshotBuilder.Read first = builder.read(parts);
    parts.put("components", parts.get("components").copy().put("status", new JsonObject()
      .put("indicator", "minor").put("description", "Partially Degraded Service")));
    assertSame(first.incidents(), builder.read(parts).incidents(), "a component event reuses what was read");
    parts.put("incidents", parts.get("incidents").copy());
    SnapshotBuilder.Read again = builder.read(parts);
    assertNotSame(first.incidents(), again.incidents(), "new data is read");
    parts.get("components").getJsonObject("page").put("time_zone", "Asia/Tokyo");
    SnapshotBuilder.Read tokyo = builder.read(parts);
    assertNotSame(again.incidents(), tokyo.incidents());
    assertEquals("2026-11-18T21:00:00.000+09:00", json(builder.build(parts, NOW, false), SnapshotBuilder.UNRESOLVED)
      .getJsonArray("incidents").getJsonObject(0).getString("created_at"), "a new zone, new offsets");
  }
}
