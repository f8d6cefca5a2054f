package io.statuspage.gateway;

import io.statuspage.api.model.AffectedComponent;
import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentImpact;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.IncidentUpdate;
import io.statuspage.api.model.PageSummary;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.bus.messages.IncidentsPart;
import io.statuspage.runtime.Json;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Test data for the incident views, built with the contract's models as incident-service sends them. */
public final class IncidentSamples {

  static {
    Json.configure();
  }

  private IncidentSamples() {
  }

  public static OffsetDateTime at(String iso) {
    return OffsetDateTime.parse(iso);
  }

  public static PageSummary page(String timeZone) {
    return new PageSummary().id("page00000001").name("Acme Cloud").url("https://status.acme.test")
      .timeZone(timeZone).updatedAt(at("2026-11-18T14:00:00.000Z"));
  }

  public static PublicComponent component(String id, String name, ComponentStatus status) {
    return new PublicComponent().id(id).name(name).status(status).createdAt(at("2026-01-01T00:00:00Z"))
      .updatedAt(at("2026-11-18T14:00:00Z")).position(1).description(null).showcase(true).startDate(null)
      .groupId(null).pageId("page00000001").group(false).onlyShowIfDegraded(false);
  }

  /** A realtime incident created (and started) at {@code createdAt}, with one update in its status. */
  public static Incident incident(String id, String name, IncidentStatus status, String createdAt) {
    OffsetDateTime created = at(createdAt);
    Incident i = new Incident().id(id).pageId("page00000001").name(name).status(status).impact(IncidentImpact.MINOR)
      .impactOverride(null).createdAt(created).updatedAt(created).startedAt(created).monitoringAt(null)
      .resolvedAt(status == IncidentStatus.RESOLVED || status == IncidentStatus.POSTMORTEM ? created.plusHours(1)
        : null)
      .shortlink("https://status.acme.test/incidents/" + id).incidentUpdates(new ArrayList<>())
      .components(new ArrayList<>()).scheduledFor(null).scheduledUntil(null).scheduledRemindPrior(false)
      .scheduledRemindedAt(null).scheduledAutoInProgress(false).scheduledAutoCompleted(false)
      .autoTransitionToMaintenanceState(false).autoTransitionToOperationalState(false).backfilled(false)
      .postmortemBody(null).postmortemBodyLastUpdatedAt(null).postmortemPublishedAt(null)
      .postmortemNotifiedSubscribers(false);
    return update(i, "u-" + id + "-1", status, "We are looking into it.", createdAt);
  }

  /** A maintenance in {@code status} for the window given. */
  public static Incident maintenance(String id, String name, IncidentStatus status, String from, String until) {
    Incident m = incident(id, name, status, "2026-11-01T09:00:00Z").impact(IncidentImpact.MAINTENANCE)
      .scheduledFor(at(from)).scheduledUntil(at(until)).resolvedAt(null).scheduledAutoInProgress(true)
      .scheduledAutoCompleted(true);
    if (status == IncidentStatus.COMPLETED) {
      m.resolvedAt(at(until));
    }
    return m;
  }

  /** Adds an update at {@code at} as the newest (updates are newest first). */
  public static Incident update(Incident i, String updateId, IncidentStatus status, String body, String at) {
    OffsetDateTime when = at(at);
    i.getIncidentUpdates().add(0, new IncidentUpdate().id(updateId).incidentId(i.getId()).status(status).body(body)
      .createdAt(when).updatedAt(when).displayAt(when).affectedComponents(new ArrayList<>())
      .deliverNotifications(true).customTweet(null).tweetId(null));
    i.status(status).updatedAt(when);
    return i;
  }

  public static AffectedComponent affected(String code, String name, ComponentStatus from, ComponentStatus to) {
    return new AffectedComponent().code(code).name(name).oldStatus(from).newStatus(to);
  }

  /** The incidents part as incident-service sends it: newest first by created_at. */
  public static JsonObject part(List<Incident> incidents) {
    List<Incident> sorted = new ArrayList<>(incidents);
    sorted.sort((a, b) -> b.getCreatedAt().compareTo(a.getCreatedAt()));
    return JsonObject.mapFrom(new IncidentsPart(sorted));
  }
}
