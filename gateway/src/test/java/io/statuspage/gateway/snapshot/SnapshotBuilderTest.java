package io.statuspage.gateway.snapshot;

import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.gateway.IncidentSamples;
import io.statuspage.gateway.page.PageView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The builder is pure: parts in, rendered bodies out. */
class SnapshotBuilderTest {

  static final Instant T0 = Instant.parse("2026-11-18T14:00:00Z");
  /** IncidentSamples' incident in New York time, as Statuspage writes it. */
  static final String INCIDENT = "{\"id\":\"inc000000001\",\"name\":\"Slow API\",\"status\":\"investigating\",\"created_at\":\"2026-11-18T08:00:00.25"
    + "0-05:00\",\"updated_at\":\"2026-11-18T08:00:00.250-05:00\",\"monitoring_at\":null,\"resolved_at\":null,\"impac"
    + "t\":\"minor\",\"shortlink\":\"https://status.acme.test/incidents/inc000000001\",\"started_at\":\"2026-11-18T08"
    + ":00:00.250-05:00\",\"page_id\":\"page00000001\",\"incident_updates\":[{\"id\":\"u-inc000000001-1\",\"incident_id"
    + "\":\"inc000000001\",\"status\":\"investigating\",\"body\":\"We are looking into it.\",\"created_at\":\"2026-11-18T"
    + "08:00:00.250-05:00\",\"updated_at\":\"2026-11-18T08:00:00.250-05:00\",\"display_at\":\"2026-11-18T08:00:00.2"
    + "50-05:00\",\"affected_components\":[{\"code\":\"c1\",\"name\":\"Core - API\",\"old_status\":\"operational\",\"new_st"
    + "atus\":\"partial_outage\"}],\"deliver_notifications\":true,\"custom_tweet\":null,\"tweet_id\":null}],\"compone"
    + "nts\":[{\"id\":\"c1\",\"name\":\"API\",\"status\":\"partial_outage\",\"created_at\":\"2025-12-31T19:00:00.000-05:00\""
    + ",\"updated_at\":\"2026-11-18T09:00:00.000-05:00\",\"position\":1,\"description\":null,\"showcase\":true,\"start"
    + "_date\":null,\"group_id\":null,\"page_id\":\"page00000001\",\"group\":false,\"only_show_if_degraded\":false}]}";
  private final SnapshotBuilder builder = new SnapshotBuilder(PageView.defaults());

  static JsonObject componentsPart(String status) {
    return new JsonObject()
      .put("page", new JsonObject().put("id", "page00000001").put("name", "Acme").put("url", "https://acme.test")
        .put("time_zone", "Etc/UTC").put("updated_at", "2026-11-18T13:00:00.000Z"))
      .put("components", new JsonArray().add(new JsonObject().put("id", "c1").put("name", "API").put("status", status)
        .put("created_at", "2026-01-01T00:00:00.000Z").put("updated_at", "2026-11-18T13:00:00.000Z")
        .put("position", 1).putNull("description").put("showcase", false).putNull("start_date").putNull("group_id")
        .put("page_id", "page00000001").put("group", false).put("only_show_if_degraded", false)))
      .put("status", new JsonObject().put("indicator", "none").put("description", "All Systems Operational"));
  }

  static Map<String, JsonObject> parts(String status) {
    Map<String, JsonObject> parts = new LinkedHashMap<>();
    parts.put("components", componentsPart(status));
    parts.put("incidents", SnapshotPart.ALL.get(1).empty());
    return parts;
  }

  @Test
  void thePartsMakeStatuspagesSummaryInItsOrderAndTheSmallerBodiesFromIt() {
    Snapshot snapshot = builder.build(parts("operational"), T0, false);
    JsonObject summary = new JsonObject(snapshot.get(SnapshotBuilder.SUMMARY).body());
    assertEquals(List.of("page", "components", "incidents", "scheduled_maintenances", "status"),
      List.copyOf(summary.fieldNames()));
    assertEquals(new JsonArray(), summary.getJsonArray("incidents"));
    JsonObject status = new JsonObject(snapshot.get(SnapshotBuilder.STATUS).body());
    assertEquals(List.of("page", "status"), List.copyOf(status.fieldNames()));
    JsonObject components = new JsonObject(snapshot.get(SnapshotBuilder.COMPONENTS).body());
    assertEquals("API", components.getJsonArray("components").getJsonObject(0).getString("name"));
    assertEquals("Wed, 18 Nov 2026 13:00:00 GMT", snapshot.get(SnapshotBuilder.SUMMARY).lastModified());
    assertNull(snapshot.get(SnapshotBuilder.SUMMARY).contentSecurityPolicy(), "JSON carries no page policy");
    assertTrue(snapshot.get(SnapshotBuilder.PAGE).contentSecurityPolicy().contains("script-src"));
  }

  @Test
  void theApiBodiesKeepTheirBytes() {
    JsonObject group = new JsonObject().put("id", "g1").put("name", "Core").put("status", "partial_outage")
      .put("created_at", "2026-01-01T00:00:00.000-05:00").put("updated_at", "2026-11-18T08:00:00.250-05:00")
      .put("position", 1).put("description", "The core").put("showcase", true).put("start_date", "2026-01-01")
      .putNull("group_id").put("page_id", "page00000001").put("group", true).put("only_show_if_degraded", false)
      .put("components", new JsonArray().add("c1"));
    JsonObject member = new JsonObject().put("id", "c1").put("name", "API \u00e9\"/<").put("status", "partial_outage")
      .put("created_at", "2026-01-01T00:00:00.000-05:00").put("updated_at", "2026-11-18T08:00:00.250-05:00")
      .put("position", 1).putNull("description").put("showcase", false).putNull("start_date").put("group_id", "g1")
      .put("page_id", "page00000001").put("group", false).put("only_show_if_degraded", true);
    Map<String, JsonObject> parts = new LinkedHashMap<>();
    parts.put("components", new JsonObject()
      .put("page", new JsonObject().put("id", "page00000001").put("name", "Acme").put("url", "https://acme.test")
        .put("time_zone", "America/New_York").put("updated_at", "2026-11-18T08:00:00.250-05:00"))
      .put("components", new JsonArray().add(group).add(member))
      .put("status", new JsonObject().put("indicator", "major").put("description", "Partial System Outage")));
    // One unresolved incident, its times in UTC from the service: written at the page's offset.
    Incident slow = IncidentSamples.incident("inc000000001", "Slow API", IncidentStatus.INVESTIGATING,
      "2026-11-18T13:00:00.250Z");
    slow.getComponents().add(IncidentSamples.component("c1", "API", ComponentStatus.PARTIAL_OUTAGE));
    slow.getIncidentUpdates().get(0).getAffectedComponents().add(IncidentSamples.affected("c1", "Core - API",
      ComponentStatus.OPERATIONAL, ComponentStatus.PARTIAL_OUTAGE));
    parts.put("incidents", IncidentSamples.part(List.of(slow)));

    Snapshot snapshot = builder.build(parts, T0, false);

    String page = "{\"id\":\"page00000001\",\"name\":\"Acme\",\"url\":\"https://acme.test\","
      + "\"time_zone\":\"America/New_York\",\"updated_at\":\"2026-11-18T08:00:00.250-05:00\"}";
    String components = "[{\"id\":\"g1\",\"name\":\"Core\",\"status\":\"partial_outage\","
      + "\"created_at\":\"2026-01-01T00:00:00.000-05:00\",\"updated_at\":\"2026-11-18T08:00:00.250-05:00\","
      + "\"position\":1,\"description\":\"The core\",\"showcase\":true,\"start_date\":\"2026-01-01\","
      + "\"group_id\":null,\"page_id\":\"page00000001\",\"group\":true,\"only_show_if_degraded\":false,"
      + "\"components\":[\"c1\"]},"
      + "{\"id\":\"c1\",\"name\":\"API \u00e9\\\"/<\",\"status\":\"partial_outage\","
      + "\"created_at\":\"2026-01-01T00:00:00.000-05:00\",\"updated_at\":\"2026-11-18T08:00:00.250-05:00\","
      + "\"position\":1,\"description\":null,\"showcase\":false,\"start_date\":null,\"group_id\":\"g1\","
      + "\"page_id\":\"page00000001\",\"group\":false,\"only_show_if_degraded\":true}]";
    String status = "{\"indicator\":\"major\",\"description\":\"Partial System Outage\"}";
    assertEquals("{\"page\":" + page + ",\"components\":" + components
      + ",\"incidents\":[" + INCIDENT + "],\"scheduled_maintenances\":[],\"status\":" + status + "}",
      snapshot.get(SnapshotBuilder.SUMMARY).body().toString(StandardCharsets.UTF_8));
    assertEquals("{\"page\":" + page + ",\"status\":" + status + "}",
      snapshot.get(SnapshotBuilder.STATUS).body().toString(StandardCharsets.UTF_8));
    assertEquals("{\"page\":" + page + ",\"components\":" + components + "}",
      snapshot.get(SnapshotBuilder.COMPONENTS).body().toString(StandardCharsets.UTF_8));
    assertEquals("Wed, 18 Nov 2026 13:00:00 GMT", snapshot.get(SnapshotBuilder.SUMMARY).lastModified());
  }

  @Test
  void eachPartIsReadIntoItsRecordAndOneThatDoesNotFitIsRefusedByName() {
    IllegalArgumentException misfit = assertThrows(IllegalArgumentException.class,
      () -> builder.build(parts("exploded"), T0, false));
    assertTrue(misfit.getMessage().startsWith("the components part is not a ComponentsPart: "), misfit.getMessage());
    Map<String, JsonObject> incidents = parts("operational");
    incidents.put("incidents", new JsonObject().put("incidents", "none"));
    assertThrows(IllegalArgumentException.class, () -> builder.build(incidents, T0, false));

    // What this gateway does not know yet is left out: a newer service's field, a part of another name.
    Map<String, JsonObject> newer = parts("operational");
    newer.get("components").getJsonArray("components").getJsonObject(0).put("uptime", 99.9);
    newer.put("uptime", new JsonObject().put("checks", new JsonArray()));
    assertEquals(builder.build(parts("operational"), T0, false).get(SnapshotBuilder.SUMMARY).body(),
      builder.build(newer, T0, false).get(SnapshotBuilder.SUMMARY).body());
  }

  @Test
  void etagsFollowTheDataNotTheClock() {
    Snapshot first = builder.build(parts("operational"), T0, false);
    Snapshot again = builder.build(parts("operational"), T0.plusSeconds(30), false);
    Snapshot changed = builder.build(parts("major_outage"), T0.plusSeconds(60), false);
    assertEquals(first.get(SnapshotBuilder.SUMMARY).etag(), again.get(SnapshotBuilder.SUMMARY).etag());
    assertNotEquals(first.get(SnapshotBuilder.SUMMARY).etag(), changed.get(SnapshotBuilder.SUMMARY).etag());
  }

  @Test
  void staleSnapshotsSayTheirAgeKeepTheirDataAndAreCachedBriefly() {
    Snapshot fresh = builder.build(parts("operational"), T0, false);
    Snapshot stale = builder.restamp(fresh, true);
    assertEquals(T0, stale.refreshedAt());
    assertEquals(fresh.get(SnapshotBuilder.SUMMARY).body(), stale.get(SnapshotBuilder.SUMMARY).body());
    String page = stale.get(SnapshotBuilder.PAGE).body().toString();
    assertTrue(page.contains("data-stale=\"true\""));
    assertFalse(fresh.get(SnapshotBuilder.PAGE).body().toString().contains("data-stale"));
    assertEquals("public, max-age=5", stale.get(SnapshotBuilder.SUMMARY).cacheControl());
    assertEquals("public, max-age=10", fresh.get(SnapshotBuilder.SUMMARY).cacheControl());
  }

  @Test
  void whatIsKeptOnDiskComesBackStale() {
    Snapshot fresh = builder.build(parts("partial_outage"), T0, false);
    Snapshot restored = builder.restore(new JsonObject(builder.persisted(fresh).encode()));
    assertTrue(restored.stale());
    assertEquals(T0, restored.refreshedAt());
    assertEquals(fresh.parts(), restored.parts());
    assertEquals(fresh.get(SnapshotBuilder.SUMMARY).etag(), restored.get(SnapshotBuilder.SUMMARY).etag());
    assertThrows(IllegalArgumentException.class, () -> builder.restore(new JsonObject().put("refreshed_at",
      T0.toString())));
  }
}
