package io.statuspage.bus.messages;

import io.statuspage.api.model.AffectedComponent;
import io.statuspage.api.model.PublicComponent;

import java.util.List;

/**
 * Reply to {@code component.statuses.apply} ({@link StatusesApply}).
 *
 * <p>Payload: {@code {"components": [PublicComponent], "changes": [AffectedComponent]}}: every component the request
 * named (its {@code statuses} and {@code component_ids}), once each, in the page's display order, as the public API
 * shows it after the change; and one {@code AffectedComponent} ({@code code}, {@code name} as {@code <Group> -
 * <Component>} for a group's member, {@code old_status}, {@code new_status}) per component whose status actually
 * moved, in the same order. Empty {@code changes} when nothing moved (statuses already set, or {@code expect} not
 * met). A request id sent again gets the first reply.
 *
 * <p>Sender: component-service. Consumer: incident-service, which keeps the changes in the incident update's
 * {@code affected_components} and compensates with them ({@code ComponentChanges}).
 */
public record StatusesApplied(List<PublicComponent> components, List<AffectedComponent> changes) {

  public StatusesApplied {
    components = components == null ? List.of() : components;
    changes = changes == null ? List.of() : changes;
  }
}
