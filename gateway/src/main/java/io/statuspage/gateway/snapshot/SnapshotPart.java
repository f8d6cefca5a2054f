package io.statuspage.gateway.snapshot;

import io.statuspage.bus.Services;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One service's share of the public snapshot: the address it answers {@link Services#SNAPSHOT} on, the topic whose
 * events make it out of date, and what stands for it until the service first answers (null when the page cannot be
 * drawn without it). A part is a JSON object whose fields join the snapshot's data, in list order.
 */
public record SnapshotPart(String name, String address, String events, JsonObject empty) {

  /** Every part of the public snapshot. A new service's part is one entry here. */
  public static final List<SnapshotPart> ALL = List.of(
    new SnapshotPart("components", Services.Component.ADDRESS, Services.Component.EVENTS, null),
    new SnapshotPart("incidents", Services.Incident.ADDRESS, Services.Incident.EVENTS,
      new JsonObject().put("incidents", new JsonArray()).put("scheduled_maintenances", new JsonArray())));

  boolean required() {
    return empty == null;
  }
}
