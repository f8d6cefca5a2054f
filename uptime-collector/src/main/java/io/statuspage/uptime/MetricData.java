package io.statuspage.uptime;

import io.statuspage.api.model.MetricDataPoint;
import io.statuspage.bus.ServiceError;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The rules of a custom metric's data point, as Statuspage's: its timestamp snapped down to 30 seconds, at most 28
 * days old (Statuspage's backfill limit) and at most 5 minutes ahead (clocks drift; a point from the future would
 * sit at the end of every chart), a finite value.
 */
final class MetricData {

  static final long SNAP_SECONDS = 30;
  static final Duration MAX_AGE = Duration.ofDays(28);
  static final Duration MAX_AHEAD = Duration.ofMinutes(5);
  /** The contract's bounds: what a double holds exactly enough to chart. */
  private static final java.math.BigDecimal LIMIT = new java.math.BigDecimal("1e15");

  /**
   * The point as it is stored.
   *
   * @param field what names the point in a 4xx ({@code data}, {@code data.<metric_id>[i]})
   */
  MetricDataPoint accept(MetricDataPoint point, String field, OffsetDateTime now) {
    Long timestamp = point.getTimestamp();
    java.math.BigDecimal value = point.getValue();
    if (timestamp == null) {
      throw ServiceError.badRequest(field + ".timestamp", "timestamp is required");
    }
    if (value == null || value.abs().compareTo(LIMIT) > 0) {
      throw ServiceError.badRequest(field + ".value", "value must be a number from -1e15 to 1e15");
    }
    Instant at = Instant.ofEpochSecond(timestamp);
    if (at.isBefore(now.toInstant().minus(MAX_AGE))) {
      throw ServiceError.unprocessable(field + ".timestamp", "timestamp is more than 28 days old");
    }
    if (at.isAfter(now.toInstant().plus(MAX_AHEAD))) {
      throw ServiceError.unprocessable(field + ".timestamp", "timestamp is in the future");
    }
    return new MetricDataPoint().timestamp(timestamp - Math.floorMod(timestamp, SNAP_SECONDS)).value(value);
  }

  static OffsetDateTime at(MetricDataPoint stored) {
    return Instant.ofEpochSecond(stored.getTimestamp()).atOffset(ZoneOffset.UTC);
  }
}
