package io.statuspage.incident;

import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.IncidentTemplate;
import io.statuspage.runtime.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An incident template: {@code title} is the incident name it proposes, {@code components} default statuses. */
record TemplateRow(String id, String pageId, String name, String title, String body, IncidentStatus updateStatus,
                   boolean shouldSendNotifications, List<String> componentIds, Map<String, ComponentStatus> components,
                   OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  static final String COLUMNS = "id, page_id, name, title, body, update_status, should_send_notifications, "
    + "component_ids, components, created_at, updated_at";

  Object[] values() {
    JsonObject statuses = new JsonObject();
    components.forEach((id, status) -> statuses.put(id, status.getValue()));
    return new Object[] {id, pageId, name, title, body, updateStatus.getValue(), shouldSendNotifications,
      new JsonArray(componentIds), statuses, createdAt, updatedAt};
  }

  static TemplateRow from(Row r) {
    Map<String, ComponentStatus> statuses = new LinkedHashMap<>();
    Object stored = r.getValue("components");
    if (stored instanceof JsonObject json) {
      json.forEach(e -> statuses.put(e.getKey(), ComponentStatus.fromValue((String) e.getValue())));
    }
    Object ids = r.getValue("component_ids");
    List<String> componentIds = ids instanceof JsonArray array
      ? array.stream().map(String.class::cast).toList() : List.of();
    return new TemplateRow(r.getString("id"), r.getString("page_id"), r.getString("name"), r.getString("title"),
      r.getString("body"), IncidentStatus.fromValue(r.getString("update_status")),
      r.getBoolean("should_send_notifications"), componentIds, statuses, IncidentRow.utc(r, "created_at"),
      IncidentRow.utc(r, "updated_at"));
  }

  IncidentTemplate view(ZoneId zone) {
    return new IncidentTemplate().id(id).pageId(pageId).name(name).title(title).body(body).updateStatus(updateStatus)
      .shouldSendNotifications(shouldSendNotifications).componentIds(new ArrayList<>(componentIds))
      .components(new LinkedHashMap<>(components))
      .createdAt(Json.inZone(createdAt, zone)).updatedAt(Json.inZone(updatedAt, zone));
  }
}
