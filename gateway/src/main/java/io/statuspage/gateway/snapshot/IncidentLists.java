package io.statuspage.gateway.snapshot;

import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.PublicIncident;
import io.statuspage.bus.messages.IncidentsPart;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Which incidents each v2 list shows, in Statuspage's order, from the part's incidents (newest first by
 * {@code created_at}).
 */
final class IncidentLists {

  /** Statuspage's lists show the 50 most recent. */
  static final int LIMIT = 50;
  private static final Set<IncidentStatus> ACTIVE = Set.of(IncidentStatus.IN_PROGRESS, IncidentStatus.VERIFYING);

  private IncidentLists() {
  }

  /** {@code incidents.json}: the 50 most recent realtime incidents, any status, newest first. */
  static List<PublicIncident> incidents(IncidentsPart part) {
    return publics(part.incidents().stream().filter(i -> !IncidentsPart.maintenance(i)).limit(LIMIT).toList());
  }

  /** {@code incidents/unresolved.json}: investigating, identified or monitoring, newest first. */
  static List<PublicIncident> unresolved(IncidentsPart part) {
    return publics(part.unresolved());
  }

  /**
   * {@code scheduled-maintenances.json}: the 50 most recent maintenances, any status, latest window first (the
   * newest created first among windows that start together).
   */
  static List<PublicIncident> maintenances(IncidentsPart part) {
    return publics(part.incidents().stream().filter(IncidentsPart::maintenance)
        .sorted(Comparator.comparing(Incident::getScheduledFor, Comparator.reverseOrder())).limit(LIMIT).toList());
  }

  /** {@code scheduled-maintenances/upcoming.json}: status scheduled, soonest first. */
  static List<PublicIncident> upcoming(IncidentsPart part) {
    return publics(part.shownMaintenances().stream().filter(i -> i.getStatus() == IncidentStatus.SCHEDULED)
        .toList());
  }

  /** {@code scheduled-maintenances/active.json}: in progress or verifying, soonest first. */
  static List<PublicIncident> active(IncidentsPart part) {
    return publics(part.shownMaintenances().stream().filter(i -> ACTIVE.contains(i.getStatus())).toList());
  }

  private static List<PublicIncident> publics(List<Incident> incidents) {
    return new ArrayList<>(incidents.stream().map(IncidentsPart::toPublic).toList());
  }
}
