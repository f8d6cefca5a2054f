package io.statuspage.uptime;

import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.StatusRule;
import io.statuspage.runtime.Json;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * A component's status rule with its counters: {@code failuresToOutage} consecutive failures ask for
 * {@code outageStatus}, as many consecutive slow passes for {@code degraded_performance}, {@code passesToOperational}
 * consecutive fast passes for {@code operational}. Between those, it asks for nothing (hysteresis).
 */
record RuleRow(String componentId, String pageId, int failuresToOutage, ComponentStatus outageStatus,
               int passesToOperational, Integer latencyThresholdMs, int failures, int slow, int passes,
               ComponentStatus lastRequested, String lastOutcome, String lastReason, boolean openIncident,
               String incidentId, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  static final String COLUMNS = "component_id, page_id, failures_to_outage, outage_status, passes_to_operational, "
    + "latency_threshold_ms, consecutive_failures, consecutive_slow, consecutive_passes, last_requested, last_outcome, "
    + "last_reason, open_incident, incident_id, created_at, updated_at";

  /** The outcome recorded when component-service could not be asked: the next result asks again. */
  static final String FAILED = "failed";

  Object[] values() {
    return new Object[] {componentId, pageId, failuresToOutage, outageStatus.getValue(), passesToOperational,
      latencyThresholdMs, failures, slow, passes, lastRequested == null ? null : lastRequested.getValue(), lastOutcome,
      lastReason, openIncident, incidentId, createdAt, updatedAt};
  }

  static RuleRow from(Row r) {
    String requested = r.getString("last_requested");
    return new RuleRow(r.getString("component_id"), r.getString("page_id"), r.getInteger("failures_to_outage"),
      ComponentStatus.fromValue(r.getString("outage_status")), r.getInteger("passes_to_operational"),
      r.getInteger("latency_threshold_ms"), r.getInteger("consecutive_failures"), r.getInteger("consecutive_slow"),
      r.getInteger("consecutive_passes"), requested == null ? null : ComponentStatus.fromValue(requested),
      r.getString("last_outcome"), r.getString("last_reason"), r.getBoolean("open_incident"),
      r.getString("incident_id"), ProviderRow.utc(r, "created_at"), ProviderRow.utc(r, "updated_at"));
  }

  /** The rule after one more result: each kind of result breaks the other streaks. */
  RuleRow count(boolean passed, boolean slowResult) {
    if (!passed) {
      return counters(failures + 1, 0, 0);
    }
    return slowResult ? counters(0, slow + 1, 0) : counters(0, 0, passes + 1);
  }

  /** What the counters ask for now, with why; null in between (hysteresis). */
  Decision decision(String detail) {
    String why = detail == null || detail.isBlank() ? "" : ": " + detail;
    if (failures >= failuresToOutage) {
      return new Decision(outageStatus, failures + " consecutive failure" + (failures == 1 ? "" : "s") + why);
    }
    if (slow >= failuresToOutage) {
      return new Decision(ComponentStatus.DEGRADED_PERFORMANCE, slow + " consecutive slow result"
        + (slow == 1 ? "" : "s") + why);
    }
    if (passes >= passesToOperational) {
      return new Decision(ComponentStatus.OPERATIONAL, passes + " consecutive pass" + (passes == 1 ? "" : "es"));
    }
    return null;
  }

  /**
   * Whether {@code decision} must be sent: it differs from what was last asked, or the last request was held by a
   * person or did not reach component-service (a hold may have been cleared since).
   */
  boolean mustAsk(Decision decision) {
    return decision != null && (decision.status() != lastRequested || FAILED.equals(lastOutcome)
      || "held".equals(lastOutcome));
  }

  private RuleRow counters(int f, int s, int p) {
    return new RuleRow(componentId, pageId, failuresToOutage, outageStatus, passesToOperational, latencyThresholdMs,
      f, s, p, lastRequested, lastOutcome, lastReason, openIncident, incidentId, createdAt, updatedAt);
  }

  StatusRule view(ZoneId zone) {
    return new StatusRule().pageId(pageId).componentId(componentId).failuresToOutage(failuresToOutage)
      .outageStatus(outageStatus).passesToOperational(passesToOperational).latencyThresholdMs(latencyThresholdMs)
      .consecutiveFailures(failures).consecutiveSlow(slow).consecutivePasses(passes)
      .lastOutcome(lastOutcome == null ? null : StatusRule.LastOutcomeEnum.fromValue(lastOutcome))
      .lastReason(lastReason).openIncident(openIncident).incidentId(incidentId).createdAt(Json.inZone(createdAt, zone)).updatedAt(Json.inZone(updatedAt, zone));
  }

  /** A status the rule asks for, and why. */
  record Decision(ComponentStatus status, String reason) {
  }
}
