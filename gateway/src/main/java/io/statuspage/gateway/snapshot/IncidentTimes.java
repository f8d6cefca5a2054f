package io.statuspage.gateway.snapshot;

import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentUpdate;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.runtime.Json;

import java.time.ZoneId;
import java.util.List;

/**
 * Every timestamp of the incidents part at the page's offset, as Statuspage writes them and as the components part
 * already is: the service may answer in another zone (or in UTC before the page's zone reached it). Edits the
 * records in place; they are read afresh from the part's JSON on every render.
 */
final class IncidentTimes {

  private IncidentTimes() {
  }

  static void inZone(List<Incident> incidents, ZoneId zone) {
    for (Incident i : incidents) {
      i.setCreatedAt(Json.inZone(i.getCreatedAt(), zone));
      i.setUpdatedAt(Json.inZone(i.getUpdatedAt(), zone));
      i.setStartedAt(Json.inZone(i.getStartedAt(), zone));
      i.setMonitoringAt(Json.inZone(i.getMonitoringAt(), zone));
      i.setResolvedAt(Json.inZone(i.getResolvedAt(), zone));
      i.setScheduledFor(Json.inZone(i.getScheduledFor(), zone));
      i.setScheduledUntil(Json.inZone(i.getScheduledUntil(), zone));
      i.setScheduledRemindedAt(Json.inZone(i.getScheduledRemindedAt(), zone));
      i.setPostmortemBodyLastUpdatedAt(Json.inZone(i.getPostmortemBodyLastUpdatedAt(), zone));
      i.setPostmortemPublishedAt(Json.inZone(i.getPostmortemPublishedAt(), zone));
      for (IncidentUpdate u : orEmpty(i.getIncidentUpdates())) {
        u.setCreatedAt(Json.inZone(u.getCreatedAt(), zone));
        u.setUpdatedAt(Json.inZone(u.getUpdatedAt(), zone));
        u.setDisplayAt(Json.inZone(u.getDisplayAt(), zone));
      }
      for (PublicComponent c : orEmpty(i.getComponents())) {
        c.setCreatedAt(Json.inZone(c.getCreatedAt(), zone));
        c.setUpdatedAt(Json.inZone(c.getUpdatedAt(), zone));
      }
    }
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
