package io.statuspage.bus.messages;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.statuspage.api.model.Component;
import io.statuspage.api.model.ComponentStatus;

/**
 * Event {@code component.status-changed} ({@link io.statuspage.bus.Services.Component#STATUS_CHANGED}): a
 * component's status moved.
 *
 * <p>Payload, the {@link Event}'s data: {@code {"page_id", "component", "old_status", "new_status", "actor"}}, the
 * component as the management API shows it after the change, and who changed it (an API key's caller, or
 * {@code system}).
 *
 * <p>Sender: component-service, in the transaction of the change, alongside {@link ComponentChanged}.
 *
 * <p>Consumers: notifier-service (delivered to its inbox; notifications come with the notifications issue) and
 * gateways (on the topic, to refetch the components part).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ComponentStatusChanged(String pageId, Component component, ComponentStatus oldStatus,
                                     ComponentStatus newStatus, String actor) {
}
