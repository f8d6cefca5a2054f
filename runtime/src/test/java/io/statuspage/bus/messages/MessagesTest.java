package io.statuspage.bus.messages;

import io.statuspage.api.model.AffectedComponent;
import io.statuspage.api.model.Component;
import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentImpact;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.PageSummary;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.api.model.PublicIncident;
import io.statuspage.api.model.Status;
import io.statuspage.api.model.StatusIndicator;
import io.statuspage.api.model.Summary;
import io.statuspage.runtime.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each bus record as JSON (keys, order, nulls, timestamps) and back again. */
class MessagesTest {

  private static final OffsetDateTime AT = OffsetDateTime.parse("2024-09-16T17:31:02.719-04:00");

  @BeforeAll
  static void configure() {
    Json.configure();
  }

  private static <T> T roundTrip(T message, String json) {
    JsonObject written = JsonObject.mapFrom(message);
    assertEquals(json, written.encode());
    // As a receiver gets it: decoded from the wire.
    @SuppressWarnings("unchecked")
    T read = (T) new JsonObject(written.encode()).mapTo(message.getClass());
    assertEquals(message, read);
    return read;
  }

  private static Component component() {
    return new Component().id("c1").pageId("p1").groupId(null).createdAt(AT).updatedAt(AT).group(false).name("API")
      .description(null).position(1).status(ComponentStatus.MAJOR_OUTAGE).showcase(true).onlyShowIfDegraded(false)
      .automationEmail(null).startDate(LocalDate.of(2024, 1, 31)).automationHold(false);
  }

  @Test
  void theEnvelopeKeepsItsDataAndRefusesWhatIsNotOne() {
    UUID id = UUID.fromString("0b7c3f5e-8d52-4a8e-a8a4-5f0c5b1e2d3c");
    Event event = roundTrip(new Event(id, "component.changed", Instant.parse("2024-09-16T21:31:02.719123Z"),
        new JsonObject().put("page_id", "p1").put("n", 1)),
      "{\"id\":\"0b7c3f5e-8d52-4a8e-a8a4-5f0c5b1e2d3c\",\"type\":\"component.changed\","
        + "\"occurred_at\":\"2024-09-16T21:31:02.719123Z\",\"data\":{\"page_id\":\"p1\",\"n\":1}}");
    assertEquals(1, event.data().getInteger("n"));
    assertEquals(new JsonObject(), new Event(id, "x", Instant.EPOCH, null).data());

    for (JsonObject broken : List.of(new JsonObject(),
      new JsonObject().put("id", "not-a-uuid").put("type", "x").put("occurred_at", "2024-09-16T21:31:02Z"),
      new JsonObject().put("id", id.toString()).put("occurred_at", "2024-09-16T21:31:02Z"),
      new JsonObject().put("id", id.toString()).put("type", "x").put("occurred_at", "yesterday"))) {
      assertThrows(IllegalArgumentException.class, () -> broken.mapTo(Event.class), broken.encode());
    }
  }

  @Test
  void aStatusChangeHoldsTheComponentAsTheManagementApiShowsIt() {
    ComponentStatusChanged changed = roundTrip(new ComponentStatusChanged("p1", component(),
        ComponentStatus.OPERATIONAL, ComponentStatus.MAJOR_OUTAGE, "key:ops"),
      "{\"page_id\":\"p1\",\"component\":{\"id\":\"c1\",\"page_id\":\"p1\",\"group_id\":null,"
        + "\"created_at\":\"2024-09-16T17:31:02.719-04:00\",\"updated_at\":\"2024-09-16T17:31:02.719-04:00\","
        + "\"group\":false,\"name\":\"API\",\"description\":null,\"position\":1,\"status\":\"major_outage\","
        + "\"showcase\":true,\"only_show_if_degraded\":false,\"automation_email\":null,\"start_date\":\"2024-01-31\","
        + "\"automation_hold\":false},\"old_status\":\"operational\",\"new_status\":\"major_outage\",\"actor\":\"key:ops\"}");
    // Read back at the offset it was written with, not moved to UTC.
    assertEquals(AT.getOffset(), changed.component().getCreatedAt().getOffset());

    Event event = new Event(UUID.randomUUID(), "component.status-changed", Instant.EPOCH, JsonObject.mapFrom(changed));
    assertEquals(changed, event.data(ComponentStatusChanged.class));
  }

  @Test
  void anAutomaticStatusRequestAndItsResultKeepTheirFields() {
    roundTrip(new AutomaticStatus("p1", "c1", ComponentStatus.MAJOR_OUTAGE, "3 consecutive failures: HTTP 500",
        "probe:x1"),
      "{\"page_id\":\"p1\",\"component_id\":\"c1\",\"status\":\"major_outage\","
        + "\"reason\":\"3 consecutive failures: HTTP 500\",\"source\":\"probe:x1\"}");
    roundTrip(new AutomaticStatusResult("c1", ComponentStatus.PARTIAL_OUTAGE, AutomaticStatusResult.HELD, true),
      "{\"component_id\":\"c1\",\"status\":\"partial_outage\",\"outcome\":\"held\",\"held\":true}");
  }

  @Test
  void aChangeNamesKindAndActionInLowerCase() {
    roundTrip(new ComponentChanged("p1", ComponentChanged.Kind.GROUP, "g1", ComponentChanged.Action.DELETED),
      "{\"page_id\":\"p1\",\"kind\":\"group\",\"id\":\"g1\",\"action\":\"deleted\"}");
  }

  @Test
  void theComponentsPartFillsThePageComponentsAndStatusOfTheSummary() {
    PageSummary page = new PageSummary().id("p1").name("Acme").url("https://acme.test").timeZone("Etc/UTC")
      .updatedAt(OffsetDateTime.parse("2024-09-16T21:31:02.719Z"));
    PublicComponent group = new PublicComponent().id("g1").name("Core").status(ComponentStatus.OPERATIONAL)
      .createdAt(AT).updatedAt(AT).position(1).showcase(false).pageId("p1").group(true).onlyShowIfDegraded(false)
      .components(List.of("c1"));
    PublicComponent member = new PublicComponent().id("c1").name("API").status(ComponentStatus.OPERATIONAL)
      .createdAt(AT).updatedAt(AT).position(1).showcase(false).groupId("g1").pageId("p1").group(false)
      .onlyShowIfDegraded(false);
    Status status = new Status().indicator(StatusIndicator.NONE).description("All Systems Operational");

    ComponentsPart part = roundTrip(new ComponentsPart(page, List.of(group, member), status),
      "{\"page\":{\"id\":\"p1\",\"name\":\"Acme\",\"url\":\"https://acme.test\",\"time_zone\":\"Etc/UTC\","
        + "\"updated_at\":\"2024-09-16T21:31:02.719Z\"},\"components\":["
        + "{\"id\":\"g1\",\"name\":\"Core\",\"status\":\"operational\","
        + "\"created_at\":\"2024-09-16T17:31:02.719-04:00\","
        + "\"updated_at\":\"2024-09-16T17:31:02.719-04:00\",\"position\":1,\"description\":null,\"showcase\":false,"
        + "\"start_date\":null,\"group_id\":null,\"page_id\":\"p1\",\"group\":true,\"only_show_if_degraded\":false,"
        + "\"components\":[\"c1\"]},"
        + "{\"id\":\"c1\",\"name\":\"API\",\"status\":\"operational\","
        + "\"created_at\":\"2024-09-16T17:31:02.719-04:00\","
        + "\"updated_at\":\"2024-09-16T17:31:02.719-04:00\",\"position\":1,\"description\":null,\"showcase\":false,"
        + "\"start_date\":null,\"group_id\":\"g1\",\"page_id\":\"p1\",\"group\":false,"
        + "\"only_show_if_degraded\":false}],"
        + "\"status\":{\"indicator\":\"none\",\"description\":\"All Systems Operational\"}}");

    Summary summary = new Summary();
    part.fill(summary);
    assertEquals(page, summary.getPage());
    assertEquals(List.of(group, member), summary.getComponents());
    assertEquals(status, summary.getStatus());
  }

  @Test
  void theIncidentsPartGivesTheSummaryItsUnresolvedIncidentsAndShownMaintenances() {
    OffsetDateTime t = OffsetDateTime.parse("2026-01-01T10:00:00Z");
    Incident open = incident("a", IncidentStatus.IDENTIFIED, null, t);
    Incident resolved = incident("b", IncidentStatus.RESOLVED, null, t);
    Incident later = incident("c", IncidentStatus.SCHEDULED, t.plusDays(2), t);
    Incident sooner = incident("d", IncidentStatus.IN_PROGRESS, t.plusDays(1), t);
    Incident done = incident("e", IncidentStatus.COMPLETED, t.minusDays(1), t);
    IncidentsPart part = new JsonObject(JsonObject.mapFrom(new IncidentsPart(List.of(open, resolved, later, sooner,
      done))).encode()).mapTo(IncidentsPart.class);
    Summary summary = new Summary();
    part.fill(summary);
    assertEquals(List.of("a"), summary.getIncidents().stream().map(PublicIncident::getId).toList());
    assertEquals(List.of("d", "c"), summary.getScheduledMaintenances().stream().map(PublicIncident::getId).toList());
    assertEquals(t.plusDays(1).toInstant(), summary.getScheduledMaintenances().get(0).getScheduledFor().toInstant());

    assertEquals(IncidentsPart.none(), new JsonObject().mapTo(IncidentsPart.class));
    assertEquals("{\"incidents\":[]}", JsonObject.mapFrom(IncidentsPart.none()).encode());
    // A newer sender's field is ignored, not a failure.
    assertEquals(IncidentsPart.none(), new JsonObject().put("incidents", new JsonArray()).put("since", "v2")
      .mapTo(IncidentsPart.class));
  }

  @Test
  void theUptimePartTravelsAsItsContractModelsAndFillsNothingOfTheSummary() {
    OffsetDateTime t = OffsetDateTime.parse("2026-01-01T10:00:00Z");
    io.statuspage.api.model.UptimeComponent c = new io.statuspage.api.model.UptimeComponent().id("c1")
      .days(new java.util.ArrayList<>(List.of(new io.statuspage.api.model.UptimeDay().date("2026-01-01")
        .uptimePercent(new java.math.BigDecimal("99.5")).avgResponseMs(210).source("pingdom").fetchedAt(t))))
      .responseTimes(new io.statuspage.api.model.ResponseTimes().last24Hours(new java.util.ArrayList<>(List.of(
        new io.statuspage.api.model.MetricDataPoint().timestamp(1767261600L)
          .value(new java.math.BigDecimal("210.5"))))));
    UptimePart part = new UptimePart(t, List.of(c), List.of());
    JsonObject json = new JsonObject(JsonObject.mapFrom(part).encode());
    assertEquals(List.of("generated_at", "components", "metrics"), List.copyOf(json.fieldNames()));
    UptimePart read = json.mapTo(UptimePart.class);
    assertEquals(t.toInstant(), read.generatedAt().toInstant());
    assertEquals(0, new java.math.BigDecimal("99.5").compareTo(read.components().get(0).getDays().get(0)
      .getUptimePercent()));
    assertEquals(1767261600L, read.components().get(0).getResponseTimes().getLast24Hours().get(0).getTimestamp());
    Summary summary = new Summary();
    read.fill(summary);
    assertEquals(new Summary(), summary);
    assertEquals(UptimePart.none(), new JsonObject().mapTo(UptimePart.class));
  }

  private static Incident incident(String id, IncidentStatus status, OffsetDateTime scheduledFor, OffsetDateTime t) {
    return new Incident().id(id).pageId("p").name(id).status(status).impact(IncidentImpact.NONE).createdAt(t)
      .updatedAt(t).startedAt(t).shortlink("http://localhost/incidents/" + id).scheduledFor(scheduledFor)
      .scheduledUntil(scheduledFor == null ? null : scheduledFor.plusHours(1));
  }

  @Test
  void aStatusesApplyAndItsReplyKeepStatusesByIdAndTheChanges() {
    Map<String, ComponentStatus> statuses = new LinkedHashMap<>();
    statuses.put("c1", ComponentStatus.MAJOR_OUTAGE);
    statuses.put("c2", ComponentStatus.OPERATIONAL);
    roundTrip(new StatusesApply("p1", statuses, Map.of("c1", ComponentStatus.OPERATIONAL), List.of("c3"), "key:ops"),
      "{\"page_id\":\"p1\",\"statuses\":{\"c1\":\"major_outage\",\"c2\":\"operational\"},"
        + "\"expect\":{\"c1\":\"operational\"},\"component_ids\":[\"c3\"],\"actor\":\"key:ops\"}");
    // Only the page and the statuses are needed: no expectation, no further ids.
    StatusesApply bare = new JsonObject().put("page_id", "p1")
      .put("statuses", new JsonObject().put("c1", "operational")).mapTo(StatusesApply.class);
    assertEquals(new StatusesApply("p1", Map.of("c1", ComponentStatus.OPERATIONAL), Map.of(), List.of(), null), bare);
    assertThrows(IllegalArgumentException.class, () -> new JsonObject().put("page_id", "p1")
      .put("statuses", new JsonObject().put("c1", "down")).mapTo(StatusesApply.class));

    PublicComponent member = new PublicComponent().id("c1").name("API").status(ComponentStatus.MAJOR_OUTAGE)
      .createdAt(AT).updatedAt(AT).position(1).showcase(false).groupId("g1").pageId("p1").group(false)
      .onlyShowIfDegraded(false);
    roundTrip(new StatusesApplied(List.of(member), List.of(new AffectedComponent().code("c1").name("Core - API")
        .oldStatus(ComponentStatus.OPERATIONAL).newStatus(ComponentStatus.MAJOR_OUTAGE))),
      "{\"components\":[{\"id\":\"c1\",\"name\":\"API\",\"status\":\"major_outage\","
        + "\"created_at\":\"2024-09-16T17:31:02.719-04:00\","
        + "\"updated_at\":\"2024-09-16T17:31:02.719-04:00\",\"position\":1,\"description\":null,\"showcase\":false,"
        + "\"start_date\":null,\"group_id\":\"g1\",\"page_id\":\"p1\",\"group\":false,"
        + "\"only_show_if_degraded\":false}],\"changes\":[{\"code\":\"c1\",\"name\":\"Core - API\","
        + "\"old_status\":\"operational\",\"new_status\":\"major_outage\"}]}");
    assertEquals(new StatusesApplied(List.of(), List.of()), new JsonObject().mapTo(StatusesApplied.class));
  }

  @Test
  void pingRepliesAndReceipts() {
    roundTrip(PingReply.ok("component-service"), "{\"service\":\"component-service\",\"status\":\"ok\"}");
    roundTrip(new Receipt(UUID.fromString("0b7c3f5e-8d52-4a8e-a8a4-5f0c5b1e2d3c"), true),
      "{\"id\":\"0b7c3f5e-8d52-4a8e-a8a4-5f0c5b1e2d3c\",\"duplicate\":true}");
    assertTrue(JsonObject.mapFrom(new Receipt(UUID.randomUUID(), false)).containsKey("duplicate"));
  }
}
