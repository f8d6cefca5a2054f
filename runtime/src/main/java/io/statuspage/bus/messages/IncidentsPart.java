package io.statuspage.bus.messages;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.statuspage.api.model.Summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reply to {@code snapshot} on {@link io.statuspage.bus.Services.Incident#ADDRESS}: the incidents and scheduled
 * maintenances the public page shows.
 *
 * <p>Payload: {@code {"incidents": [...], "scheduled_maintenances": [...]}}, each item a JSON object in Statuspage's
 * shape; untyped until the contract types incidents.
 *
 * <p>Sender: incident-service. Consumers: gateways, for their snapshot (the part named {@code incidents}), which
 * show no incidents until it first answers.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IncidentsPart(List<Map<String, Object>> incidents, List<Map<String, Object>> scheduledMaintenances)
  implements SummaryPart {

  public IncidentsPart {
    incidents = incidents == null ? List.of() : incidents;
    scheduledMaintenances = scheduledMaintenances == null ? List.of() : scheduledMaintenances;
  }

  /** No incidents and no maintenance. */
  public static IncidentsPart none() {
    return new IncidentsPart(List.of(), List.of());
  }

  @Override
  public void fill(Summary summary) {
    summary.incidents(new ArrayList<>(incidents)).scheduledMaintenances(new ArrayList<>(scheduledMaintenances));
  }
}
