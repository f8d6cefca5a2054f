package io.statuspage.incident;

import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.IncidentImpact;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.PublicComponent;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The statuses of incidents and maintenances, Statuspage's default update texts, and how impact is derived. */
final class Lifecycle {

  static final Set<IncidentStatus> REALTIME = EnumSet.of(IncidentStatus.INVESTIGATING, IncidentStatus.IDENTIFIED,
    IncidentStatus.MONITORING, IncidentStatus.RESOLVED);
  static final Set<IncidentStatus> UNRESOLVED = EnumSet.of(IncidentStatus.INVESTIGATING, IncidentStatus.IDENTIFIED,
    IncidentStatus.MONITORING);
  static final Set<IncidentStatus> MAINTENANCE = EnumSet.of(IncidentStatus.SCHEDULED, IncidentStatus.IN_PROGRESS,
    IncidentStatus.VERIFYING, IncidentStatus.COMPLETED);
  static final Set<IncidentStatus> ACTIVE_MAINTENANCE = EnumSet.of(IncidentStatus.IN_PROGRESS,
    IncidentStatus.VERIFYING);

  /** What Statuspage writes when an update has no text of its own. */
  private static final Map<IncidentStatus, String> DEFAULT_BODIES = Map.of(
    IncidentStatus.INVESTIGATING, "We are currently investigating this issue.",
    IncidentStatus.IDENTIFIED, "The issue has been identified and a fix is being implemented.",
    IncidentStatus.MONITORING, "A fix has been implemented and we are monitoring the results.",
    IncidentStatus.RESOLVED, "This incident has been resolved.",
    IncidentStatus.SCHEDULED, "We will be undergoing scheduled maintenance during this time.",
    IncidentStatus.IN_PROGRESS, "Scheduled maintenance is currently in progress. We will provide updates as necessary.",
    IncidentStatus.VERIFYING, "Verification is currently underway for the maintenance items.",
    IncidentStatus.COMPLETED, "The scheduled maintenance has been completed.");

  private Lifecycle() {
  }

  static String defaultBody(IncidentStatus status) {
    return DEFAULT_BODIES.getOrDefault(status, "");
  }

  /**
   * The override when set; else a maintenance's is {@code maintenance}, and an incident's follows its worst affected
   * component: major_outage critical, partial_outage major, degraded_performance minor, under_maintenance
   * maintenance, else none.
   */
  static IncidentImpact impact(IncidentRow row) {
    if (row.impactOverride != null) {
      return row.impactOverride;
    }
    if (row.maintenance()) {
      return IncidentImpact.MAINTENANCE;
    }
    Set<ComponentStatus> statuses = EnumSet.noneOf(ComponentStatus.class);
    row.components.stream().map(PublicComponent::getStatus).filter(s -> s != null).forEach(statuses::add);
    if (statuses.contains(ComponentStatus.MAJOR_OUTAGE)) {
      return IncidentImpact.CRITICAL;
    }
    if (statuses.contains(ComponentStatus.PARTIAL_OUTAGE)) {
      return IncidentImpact.MAJOR;
    }
    if (statuses.contains(ComponentStatus.DEGRADED_PERFORMANCE)) {
      return IncidentImpact.MINOR;
    }
    return statuses.contains(ComponentStatus.UNDER_MAINTENANCE) ? IncidentImpact.MAINTENANCE : IncidentImpact.NONE;
  }
}
