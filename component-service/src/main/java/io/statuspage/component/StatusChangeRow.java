package io.statuspage.component;

import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.StatusChange;
import io.statuspage.runtime.Json;

import java.time.OffsetDateTime;
import java.time.ZoneId;

/** A row of {@code component_status_change}; {@code id} is null until stored, {@code oldStatus} on creation. */
record StatusChangeRow(Long id, String pageId, String componentId, ComponentStatus oldStatus,
                       ComponentStatus newStatus, OffsetDateTime changedAt, String actor, String reason) {

  /** The contract's {@code StatusChange}, its time in the page's zone. */
  StatusChange view(ZoneId zone) {
    return new StatusChange()
      .id(String.valueOf(id))
      .componentId(componentId)
      .oldStatus(oldStatus == null ? null : oldStatus.getValue())
      .newStatus(newStatus)
      .createdAt(Json.inZone(changedAt, zone))
      .actor(actor)
      .reason(reason);
  }
}
