package io.statuspage.gateway.page;

import io.statuspage.api.model.ComponentStatus;

/**
 * A component as the page lists it ({@code parts/componentRow.jte}).
 *
 * @param id          its id, for {@code data-component-id}
 * @param name        its name
 * @param description Markdown, or {@code null}
 * @param status      {@code null} when unreadable
 */
public record ComponentRow(String id, String name, String description, ComponentStatus status)
    implements ComponentItem {
}
