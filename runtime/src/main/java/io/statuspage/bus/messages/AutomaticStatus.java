package io.statuspage.bus.messages;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.statuspage.api.model.ComponentStatus;

/**
 * Request of {@code component.status.automatic} ({@link io.statuspage.bus.Services.Component#STATUS_AUTOMATIC}):
 * automation asks to move one component to {@code status}.
 *
 * <p>Payload: {@code {"page_id", "component_id", "status", "reason", "source"}}: {@code reason} is the words the
 * status history shows ("3 consecutive failures: HTTP 500"), {@code source} who decided ({@code probe:<id>},
 * {@code smoke}); the history's actor is {@code automation:<source>}. The {@link io.statuspage.bus.Services#REQUEST_ID}
 * header is required: a repeated id changes nothing and gets the first reply.
 *
 * <p>Sender: uptime-collector (status rules). Consumer: component-service; replies {@link AutomaticStatusResult}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AutomaticStatus(String pageId, String componentId, ComponentStatus status, String reason,
                              String source) {
}
