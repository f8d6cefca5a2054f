package io.statuspage.incident;

import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentImpact;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.IncidentUpdate;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.runtime.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An incident's row as stored, edited in place by a {@link Draft} (which keeps a copy of what it loaded to compare).
 * Times are UTC. {@link #values()} lists the fields in {@link #COLUMNS} order: what is written, and what equality
 * compares.
 */
final class IncidentRow implements Cloneable {

  static final String COLUMNS = "id, page_id, name, status, impact_override, shortlink, components, created_at, "
    + "updated_at, started_at, monitoring_at, resolved_at, scheduled_for, scheduled_until, scheduled_remind_prior, "
    + "scheduled_reminded_at, scheduled_auto_in_progress, scheduled_auto_completed, "
    + "auto_transition_to_maintenance_state, auto_transition_to_operational_state, backfilled, postmortem_body, "
    + "postmortem_body_last_updated_at, postmortem_published_at, postmortem_notified_subscribers";

  String id;
  String pageId;
  String name;
  IncidentStatus status;
  IncidentImpact impactOverride;
  String shortlink;
  /** The affected components as component-service last answered them. */
  List<PublicComponent> components = List.of();
  OffsetDateTime createdAt;
  OffsetDateTime updatedAt;
  OffsetDateTime startedAt;
  OffsetDateTime monitoringAt;
  OffsetDateTime resolvedAt;
  OffsetDateTime scheduledFor;
  OffsetDateTime scheduledUntil;
  boolean remindPrior;
  OffsetDateTime remindedAt;
  boolean autoInProgress;
  boolean autoCompleted;
  boolean toMaintenance;
  boolean toOperational;
  boolean backfilled;
  String postmortemBody;
  OffsetDateTime postmortemUpdatedAt;
  OffsetDateTime postmortemPublishedAt;
  boolean postmortemNotified;

  /** A scheduled maintenance rather than a realtime incident. */
  boolean maintenance() {
    return scheduledFor != null;
  }

  Object[] values() {
    return new Object[] {id, pageId, name, status.getValue(), impactOverride == null ? null : impactOverride.getValue(),
      shortlink, new JsonArray(components.stream().map(JsonObject::mapFrom).toList()), createdAt, updatedAt,
      startedAt, monitoringAt, resolvedAt, scheduledFor, scheduledUntil, remindPrior, remindedAt, autoInProgress,
      autoCompleted, toMaintenance, toOperational, backfilled, postmortemBody, postmortemUpdatedAt,
      postmortemPublishedAt, postmortemNotified};
  }

  static IncidentRow from(Row r) {
    IncidentRow row = new IncidentRow();
    row.id = r.getString("id");
    row.pageId = r.getString("page_id");
    row.name = r.getString("name");
    row.status = IncidentStatus.fromValue(r.getString("status"));
    String override = r.getString("impact_override");
    row.impactOverride = override == null ? null : IncidentImpact.fromValue(override);
    row.shortlink = r.getString("shortlink");
    Object components = r.getValue("components");
    row.components = components instanceof JsonArray array
      ? array.stream().map(c -> ((JsonObject) c).mapTo(PublicComponent.class)).toList() : List.of();
    row.createdAt = utc(r, "created_at");
    row.updatedAt = utc(r, "updated_at");
    row.startedAt = utc(r, "started_at");
    row.monitoringAt = utc(r, "monitoring_at");
    row.resolvedAt = utc(r, "resolved_at");
    row.scheduledFor = utc(r, "scheduled_for");
    row.scheduledUntil = utc(r, "scheduled_until");
    row.remindPrior = r.getBoolean("scheduled_remind_prior");
    row.remindedAt = utc(r, "scheduled_reminded_at");
    row.autoInProgress = r.getBoolean("scheduled_auto_in_progress");
    row.autoCompleted = r.getBoolean("scheduled_auto_completed");
    row.toMaintenance = r.getBoolean("auto_transition_to_maintenance_state");
    row.toOperational = r.getBoolean("auto_transition_to_operational_state");
    row.backfilled = r.getBoolean("backfilled");
    row.postmortemBody = r.getString("postmortem_body");
    row.postmortemUpdatedAt = utc(r, "postmortem_body_last_updated_at");
    row.postmortemPublishedAt = utc(r, "postmortem_published_at");
    row.postmortemNotified = r.getBoolean("postmortem_notified_subscribers");
    return row;
  }

  /** The management API's {@code Incident}: {@code updates} newest first, times in {@code zone}. */
  Incident view(List<UpdateRow> updates, ZoneId zone) {
    List<IncidentUpdate> shown = new ArrayList<>(updates.stream().map(u -> u.view(zone)).toList());
    return new Incident().id(id).pageId(pageId).name(name).status(status)
      .impact(Lifecycle.impact(this))
      .impactOverride(impactOverride == null ? null : Incident.ImpactOverrideEnum.fromValue(impactOverride.getValue()))
      .createdAt(Json.inZone(createdAt, zone)).updatedAt(Json.inZone(updatedAt, zone))
      .startedAt(Json.inZone(startedAt, zone)).monitoringAt(Json.inZone(monitoringAt, zone))
      .resolvedAt(Json.inZone(resolvedAt, zone)).shortlink(shortlink).incidentUpdates(shown)
      .components(new ArrayList<>(components.stream().map(c -> inZone(c, zone)).toList()))
      .scheduledFor(Json.inZone(scheduledFor, zone)).scheduledUntil(Json.inZone(scheduledUntil, zone))
      .scheduledRemindPrior(remindPrior).scheduledRemindedAt(Json.inZone(remindedAt, zone))
      .scheduledAutoInProgress(autoInProgress).scheduledAutoCompleted(autoCompleted)
      .autoTransitionToMaintenanceState(toMaintenance).autoTransitionToOperationalState(toOperational)
      .backfilled(backfilled).postmortemBody(postmortemBody)
      .postmortemBodyLastUpdatedAt(Json.inZone(postmortemUpdatedAt, zone))
      .postmortemPublishedAt(Json.inZone(postmortemPublishedAt, zone))
      .postmortemNotifiedSubscribers(postmortemNotified);
  }

  /** A stored component's times shown in the page's zone, which may have changed since. */
  private static PublicComponent inZone(PublicComponent c, ZoneId zone) {
    PublicComponent copy = JsonObject.mapFrom(c).mapTo(PublicComponent.class);
    return copy.createdAt(Json.inZone(c.getCreatedAt(), zone)).updatedAt(Json.inZone(c.getUpdatedAt(), zone));
  }

  IncidentRow copy() {
    try {
      return (IncidentRow) clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IncidentRow other && Arrays.equals(values(), other.values());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values());
  }

  static OffsetDateTime utc(Row r, String column) {
    OffsetDateTime at = r.getOffsetDateTime(column);
    return at == null ? null : at.withOffsetSameInstant(java.time.ZoneOffset.UTC);
  }
}
