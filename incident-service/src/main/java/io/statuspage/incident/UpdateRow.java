package io.statuspage.incident;

import io.statuspage.api.model.AffectedComponent;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.IncidentUpdate;
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
 * One incident update as stored; {@code author} (who wrote it) is kept for the team and never shown in the JSON.
 * {@code affected} is null when the update moved no component.
 */
final class UpdateRow implements Cloneable {

  static final String COLUMNS = "id, incident_id, status, body, created_at, updated_at, display_at, "
    + "affected_components, deliver_notifications, author";

  String id;
  String incidentId;
  IncidentStatus status;
  String body;
  OffsetDateTime createdAt;
  OffsetDateTime updatedAt;
  OffsetDateTime displayAt;
  List<AffectedComponent> affected;
  boolean deliverNotifications;
  String author;

  Object[] values() {
    return new Object[] {id, incidentId, status.getValue(), body, createdAt, updatedAt, displayAt,
      affected == null ? null : new JsonArray(affected.stream().map(JsonObject::mapFrom).toList()),
      deliverNotifications, author};
  }

  static UpdateRow from(Row r) {
    UpdateRow row = new UpdateRow();
    row.id = r.getString("id");
    row.incidentId = r.getString("incident_id");
    row.status = IncidentStatus.fromValue(r.getString("status"));
    row.body = r.getString("body");
    row.createdAt = IncidentRow.utc(r, "created_at");
    row.updatedAt = IncidentRow.utc(r, "updated_at");
    row.displayAt = IncidentRow.utc(r, "display_at");
    Object affected = r.getValue("affected_components");
    row.affected = affected instanceof JsonArray array
      ? array.stream().map(a -> ((JsonObject) a).mapTo(AffectedComponent.class)).toList() : null;
    row.deliverNotifications = r.getBoolean("deliver_notifications");
    row.author = r.getString("author");
    return row;
  }

  IncidentUpdate view(ZoneId zone) {
    return new IncidentUpdate().id(id).incidentId(incidentId).status(status).body(body)
      .createdAt(Json.inZone(createdAt, zone)).updatedAt(Json.inZone(updatedAt, zone))
      .displayAt(Json.inZone(displayAt, zone))
      .affectedComponents(affected == null ? null : new ArrayList<>(affected))
      .deliverNotifications(deliverNotifications).customTweet(null).tweetId(null);
  }

  UpdateRow copy() {
    try {
      return (UpdateRow) clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpdateRow other && Arrays.equals(values(), other.values());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values());
  }
}
