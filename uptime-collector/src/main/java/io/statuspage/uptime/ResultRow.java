package io.statuspage.uptime;

import io.statuspage.api.model.CheckResult;
import io.statuspage.runtime.Json;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * One probe or smoke-test result: a {@code check_result} row of source {@code probe}, {@code probe} the probe's id or
 * {@link #SMOKE}. {@code coversSeconds} is the time it stands for in the day's uptime, unless it was taken
 * {@code inMaintenance} (its component under maintenance): then it stands for nothing.
 */
record ResultRow(String componentId, String probe, OffsetDateTime at, boolean passed, boolean slow, Integer latencyMs,
                 String message, int coversSeconds, boolean inMaintenance) {

  static final String SOURCE = "probe";
  static final String SMOKE = "smoke";
  /** What a smoke-test result stands for in the daily figure: they come at no fixed interval. */
  static final int SMOKE_COVERS_SECONDS = 60;
  static final String COLUMNS = "component_id, probe, at, passed, slow, response_ms, message, covers_seconds, "
    + "in_maintenance";

  /** Pingdom's words for a result, so the raw results read alike whatever their source. */
  String status() {
    return passed ? "up" : "down";
  }

  static ResultRow from(Row r) {
    return new ResultRow(r.getString("component_id"), r.getString("probe"), ProviderRow.utc(r, "at"),
      Boolean.TRUE.equals(r.getBoolean("passed")), Boolean.TRUE.equals(r.getBoolean("slow")),
      r.getInteger("response_ms"), r.getString("message"),
      r.getInteger("covers_seconds") == null ? 0 : r.getInteger("covers_seconds"),
      Boolean.TRUE.equals(r.getBoolean("in_maintenance")));
  }

  CheckResult view(ZoneId zone) {
    return new CheckResult().componentId(componentId).probeId(SMOKE.equals(probe) ? null : probe)
      .checkedAt(Json.inZone(at, zone)).passed(passed).slow(slow).latencyMs(latencyMs).message(message);
  }
}
