package io.statuspage.incident;

import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.IncidentRequest;
import io.statuspage.api.model.IncidentRequestIncident;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.bus.Requests;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code incident} of a create or update request, read into the contract's model, with the keys it has (the
 * model cannot tell absent from empty), and what a template fills in for the keys it lacks.
 */
record IncidentPatch(IncidentRequestIncident fields, Set<String> keys) {

  static IncidentPatch read(JsonObject request) {
    IncidentRequestIncident i = Requests.required(Requests.read(request, IncidentRequest.class).getIncident(),
      "incident");
    return new IncidentPatch(i, Set.copyOf(request.getJsonObject("incident").fieldNames()));
  }

  boolean has(String key) {
    return keys.contains(key);
  }

  /** The patch with what {@code template} proposes for the keys it does not have (itself when none). */
  IncidentPatch with(TemplateRow template) {
    if (template == null) {
      return this;
    }
    Set<String> filled = new HashSet<>(keys);
    if (!has("name")) {
      fields.setName(template.title());
      filled.add("name");
    }
    if (!has("body") && !template.body().isEmpty()) {
      fields.setBody(template.body());
      filled.add("body");
    }
    if (!has("status") && template.updateStatus() != null) {
      fields.setStatus(template.updateStatus());
      filled.add("status");
    }
    if (!has("components") && !template.components().isEmpty()) {
      fields.setComponents(new LinkedHashMap<>(template.components()));
      filled.add("components");
    }
    if (!has("component_ids") && !template.componentIds().isEmpty()) {
      fields.setComponentIds(new java.util.LinkedHashSet<>(template.componentIds()));
      filled.add("component_ids");
    }
    if (!has("deliver_notifications")) {
      fields.setDeliverNotifications(template.shouldSendNotifications());
      filled.add("deliver_notifications");
    }
    return new IncidentPatch(fields, Set.copyOf(filled));
  }

  IncidentStatus status() {
    return fields.getStatus();
  }

  Map<String, ComponentStatus> statuses() {
    return fields.getComponents() == null ? Map.of() : fields.getComponents();
  }

  List<String> componentIds() {
    return fields.getComponentIds() == null ? List.of() : new ArrayList<>(fields.getComponentIds());
  }

  /** Whether the request names affected components at all. */
  boolean touchesComponents() {
    return !statuses().isEmpty() || has("component_ids");
  }

  boolean deliver() {
    return !Boolean.FALSE.equals(fields.getDeliverNotifications());
  }

  /** The update's text: the one given, or Statuspage's default for {@code status}. */
  String body(IncidentStatus status) {
    String body = fields.getBody();
    return body == null || body.isBlank() ? Lifecycle.defaultBody(status) : body;
  }

  /** As PostgreSQL keeps a time: UTC, microseconds. */
  static OffsetDateTime utc(OffsetDateTime at) {
    return at == null ? null : at.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }
}
