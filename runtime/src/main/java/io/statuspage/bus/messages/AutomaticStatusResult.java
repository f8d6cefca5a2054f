package io.statuspage.bus.messages;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.statuspage.api.model.ComponentStatus;

/**
 * Reply to {@code component.status.automatic} ({@link AutomaticStatus}).
 *
 * <p>Payload: {@code {"component_id", "status", "outcome", "held"}}: {@code status} is the component's status after
 * the request; {@code outcome} is {@code changed} (moved and recorded with its reason), {@code unchanged} (already
 * there) or {@code held} (a person holds the component's status: nothing changed, the request is recorded as skipped).
 *
 * <p>Sender: component-service. Consumer: uptime-collector, which keeps the outcome on the rule.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AutomaticStatusResult(String componentId, ComponentStatus status, String outcome, boolean held) {

  public static final String CHANGED = "changed";
  public static final String UNCHANGED = "unchanged";
  public static final String HELD = "held";
}
