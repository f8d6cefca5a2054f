package io.statuspage.bus.messages;

import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.PublicIncident;
import io.statuspage.api.model.Summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Reply to {@code snapshot} on {@link io.statuspage.bus.Services.Incident#ADDRESS}: every incident and scheduled
 * maintenance of the page, in the management shape, newest first ({@code created_at} descending), so that a gateway
 * can draw the summary, the v2 incident and maintenance lists, the incident log, the history, each incident's page
 * and the feeds from memory.
 *
 * <p>Payload: {@code {"incidents": [Incident]}}; times in the page's time zone.
 *
 * <p>Sender: incident-service. Consumers: gateways, for their snapshot (the part named {@code incidents}), which
 * show no incidents until it first answers.
 */
public record IncidentsPart(List<Incident> incidents) implements SummaryPart {

  private static final Set<IncidentStatus> UNRESOLVED =
    Set.of(IncidentStatus.INVESTIGATING, IncidentStatus.IDENTIFIED, IncidentStatus.MONITORING);
  private static final Set<IncidentStatus> SHOWN_MAINTENANCE =
    Set.of(IncidentStatus.SCHEDULED, IncidentStatus.IN_PROGRESS, IncidentStatus.VERIFYING);

  public IncidentsPart {
    incidents = incidents == null ? List.of() : incidents;
  }

  /** No incidents and no maintenance. */
  public static IncidentsPart none() {
    return new IncidentsPart(List.of());
  }

  /** Whether {@code incident} is a scheduled maintenance rather than a realtime incident. */
  public static boolean maintenance(Incident incident) {
    return incident.getScheduledFor() != null;
  }

  /** Realtime incidents that are not resolved, newest first. */
  public List<Incident> unresolved() {
    return incidents.stream().filter(i -> !maintenance(i) && i.getStatus() != null && UNRESOLVED.contains(i.getStatus())).toList();
  }

  /** Maintenances upcoming or under way, soonest first. */
  public List<Incident> shownMaintenances() {
    return incidents.stream().filter(i -> maintenance(i) && i.getStatus() != null && SHOWN_MAINTENANCE.contains(i.getStatus()))
      .sorted(Comparator.comparing(Incident::getScheduledFor)).toList();
  }

  @Override
  public void fill(Summary summary) {
    summary.incidents(new ArrayList<>(unresolved().stream().map(IncidentsPart::toPublic).toList()))
      .scheduledMaintenances(new ArrayList<>(shownMaintenances().stream().map(IncidentsPart::toPublic).toList()));
  }

  /** The public API's view of an incident: the team-only fields left out. */
  public static PublicIncident toPublic(Incident i) {
    return new PublicIncident().id(i.getId()).name(i.getName()).status(i.getStatus())
      .createdAt(i.getCreatedAt()).updatedAt(i.getUpdatedAt()).monitoringAt(i.getMonitoringAt())
      .resolvedAt(i.getResolvedAt()).impact(i.getImpact()).shortlink(i.getShortlink()).startedAt(i.getStartedAt())
      .pageId(i.getPageId()).incidentUpdates(new ArrayList<>(i.getIncidentUpdates()))
      .components(new ArrayList<>(i.getComponents()))
      .scheduledFor(i.getScheduledFor()).scheduledUntil(i.getScheduledUntil());
  }
}
