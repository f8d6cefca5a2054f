package io.statuspage.gateway.snapshot;

import io.statuspage.bus.Services;
import io.statuspage.bus.messages.ComponentsPart;
import io.statuspage.bus.messages.IncidentsPart;
import io.statuspage.bus.messages.SummaryPart;
import io.statuspage.bus.messages.UptimePart;
import io.statuspage.runtime.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;

import java.io.IOException;
import java.util.List;

/**
 * One service's share of the public snapshot: the address it answers {@link Services#SNAPSHOT} on, the topic whose
 * events make it out of date, the record its answer is read into, and what stands for it until the service first
 * answers (null when the page cannot be drawn without it), and whether its failure marks the snapshot stale. The
 * parts fill the page's summary in list order.
 */
public record SnapshotPart(String name, String address, String events, Class<? extends SummaryPart> type,
                           JsonObject empty, boolean marksStale) {

  /** A part whose failure marks the whole snapshot stale. */
  public SnapshotPart(String name, String address, String events, Class<? extends SummaryPart> type,
                      JsonObject empty) {
    this(name, address, events, type, empty, true);
  }

  static {
    // Parts hold the contract's models, timestamps included.
    Json.configure();
  }

  /** Every part of the public snapshot. A new service's part is one entry here, and its record. */
  public static final List<SnapshotPart> ALL = List.of(
    new SnapshotPart("components", Services.Component.ADDRESS, Services.Component.EVENTS, ComponentsPart.class, null),
    new SnapshotPart("incidents", Services.Incident.ADDRESS, Services.Incident.EVENTS, IncidentsPart.class,
      JsonObject.mapFrom(IncidentsPart.none())),
    // The graphs say how old their figures are (and that there are none before the collector first answers), so a
    // collector that cannot be reached does not mark the status, which is current, out of date.
    new SnapshotPart("uptime", Services.Uptime.ADDRESS, Services.Uptime.EVENTS, UptimePart.class,
      JsonObject.mapFrom(UptimePart.none()), false));

  boolean required() {
    return empty == null;
  }

  /**
   * The part's data, as its service answered it, read into its record.
   *
   * @throws IllegalArgumentException when it does not fit, naming the part and what does not fit
   */
  SummaryPart read(JsonObject data) {
    try {
      // Written out and parsed: about twice as fast as JsonObject.mapTo's conversion from maps, which matters for
      // a part with a long history of incidents (docs/benchmarks.md).
      return DatabindCodec.mapper().readValue(data.toBuffer().getBytes(), type);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("the " + name + " part is not a " + type.getSimpleName() + ": "
        + e.getMessage(), e);
    }
  }
}
