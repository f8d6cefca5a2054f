package io.statuspage.component;

import io.vertx.core.json.JsonObject;

import java.time.LocalDate;

/**
 * The {@code component} object of a create or update request. Null means "not given", except for the nullable
 * fields, whose presence is tracked separately so that an explicit null clears them.
 */
record ComponentPatch(String name, boolean hasDescription, String description, Status status, Boolean showcase,
                      Boolean onlyShowIfDegraded, boolean hasStartDate, LocalDate startDate, boolean hasGroup,
                      String groupId, Integer position) {

  static ComponentPatch from(JsonObject c, boolean create) {
    return new ComponentPatch(
      Input.text(c, "name", "component.name", create || c.containsKey("name")),
      c.containsKey("description"), Input.text(c, "description", "component.description", false),
      Input.status(c, "status", "component.status"),
      Input.bool(c, "showcase", "component.showcase"),
      Input.bool(c, "only_show_if_degraded", "component.only_show_if_degraded"),
      c.containsKey("start_date"), Input.date(c, "start_date", "component.start_date"),
      c.containsKey("group_id"), Input.groupRef(c, "group_id", "component.group_id"),
      Input.integer(c, "position", "component.position", 1, 100_000));
  }
}
