package io.statuspage.bus.messages;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.statuspage.api.model.Incident;

/**
 * The data of every incident-service event ({@link io.statuspage.bus.Services.Incident}: {@code incident.created},
 * {@code incident.updated}, {@code incident.resolved}, {@code incident.changed}, {@code maintenance.scheduled},
 * {@code maintenance.updated}, {@code maintenance.started}, {@code maintenance.completed},
 * {@code maintenance.reminder}): the incident after the change and the update that carries the news.
 *
 * <p>Payload, the {@link Event}'s data: {@code {"page_id", "incident": Incident, "incident_update_id",
 * "deliver_notifications"}}: the incident as the management API shows it (updates newest first, times in the page's
 * zone); the id of the update the change wrote, null when it wrote none (a reminder, a postmortem, an edit); and
 * whether subscribers are to be told (the update's {@code deliver_notifications}; false for {@code incident.changed}
 * and for backfilled incidents).
 *
 * <p>Sender: incident-service, in the transaction of the change.
 *
 * <p>Consumers: notifier-service, delivered to its inbox; gateways, on the topic, which refetch the incidents part.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IncidentChanged(String pageId, Incident incident, String incidentUpdateId,
                              boolean deliverNotifications) {
}
