package io.statuspage.component;

import io.vertx.core.json.JsonObject;

import java.util.Collection;

/**
 * The page's overall status as Statuspage computes it from its components (groups excluded): the worst status
 * present decides the indicator, and whether every component shares it decides how strong the wording is.
 */
public record StatusRollup(String indicator, String description) {

  public static StatusRollup of(Collection<Status> statuses) {
    if (statuses.contains(Status.MAJOR_OUTAGE)) {
      return all(statuses, Status.MAJOR_OUTAGE)
        ? new StatusRollup("critical", "Major System Outage")
        : new StatusRollup("major", "Partial System Outage");
    }
    if (statuses.contains(Status.PARTIAL_OUTAGE)) {
      return all(statuses, Status.PARTIAL_OUTAGE)
        ? new StatusRollup("major", "Partial System Outage")
        : new StatusRollup("minor", "Minor Service Outage");
    }
    if (statuses.contains(Status.DEGRADED_PERFORMANCE)) {
      return all(statuses, Status.DEGRADED_PERFORMANCE)
        ? new StatusRollup("minor", "Degraded System Service")
        : new StatusRollup("minor", "Partially Degraded Service");
    }
    if (statuses.contains(Status.UNDER_MAINTENANCE)) {
      return new StatusRollup("maintenance", "Service Under Maintenance");
    }
    return new StatusRollup("none", "All Systems Operational");
  }

  private static boolean all(Collection<Status> statuses, Status status) {
    return statuses.stream().allMatch(status::equals);
  }

  public JsonObject toJson() {
    return new JsonObject().put("indicator", indicator).put("description", description);
  }
}
