package io.statuspage.gateway.page;

import io.statuspage.api.model.ComponentStatus;

import java.util.List;

/**
 * A group as the page lists it ({@code parts/componentGroup.jte}): its heading names the list of its members.
 *
 * @param id          its id, for {@code data-component-id}
 * @param name        its name
 * @param description Markdown, or {@code null}
 * @param status      the worst of its own and its members' statuses; {@code null} when none was readable
 * @param headingId   the id of its heading, unique on the page
 * @param members     the members shown (those only shown when degraded are left out while operational)
 */
public record ComponentGroup(String id, String name, String description, ComponentStatus status, String headingId,
                             List<ComponentRow> members) implements ComponentItem {

  public ComponentGroup {
    members = List.copyOf(members);
  }
}
