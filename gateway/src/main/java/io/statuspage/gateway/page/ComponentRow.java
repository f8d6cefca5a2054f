package io.statuspage.gateway.page;

import io.statuspage.api.model.ComponentStatus;

/**
 * A component as the page lists it ({@code parts/componentRow.jte}).
 *
 * @param id          its id, for {@code data-component-id}
 * @param name        its name
 * @param description Markdown, or {@code null}
 * @param status      {@code null} when unreadable
 * @param graph       its uptime bars and response-time charts, or {@code null} when it has no figures
 */
public record ComponentRow(String id, String name, String description, ComponentStatus status, UptimeGraph graph)
    implements ComponentItem {

  public ComponentRow(String id, String name, String description, ComponentStatus status) {
    this(id, name, description, status, null);
  }
}
