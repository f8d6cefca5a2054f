package io.statuspage.uptime;

import io.statuspage.api.model.CheckResult;
import io.statuspage.api.model.Probe;
import io.statuspage.runtime.Json;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * A probe of a component: {@code http} (url, method, expected status range, optional body text) or {@code tcp} (host,
 * port); the fields of the other type are null.
 */
record ProbeRow(String id, String pageId, String componentId, String name, String type, String url, String method,
                Integer expectedMin, Integer expectedMax, String bodyContains, String host, Integer port,
                int timeoutMs, int intervalSeconds, Integer latencyThresholdMs, boolean enabled,
                OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  static final String HTTP = "http";
  static final String TCP = "tcp";
  static final String COLUMNS = "id, page_id, component_id, name, type, url, method, expected_min, expected_max, "
    + "body_contains, host, port, timeout_ms, interval_seconds, latency_threshold_ms, enabled, created_at, updated_at";

  Object[] values() {
    return new Object[] {id, pageId, componentId, name, type, url, method, expectedMin, expectedMax, bodyContains,
      host, port, timeoutMs, intervalSeconds, latencyThresholdMs, enabled, createdAt, updatedAt};
  }

  static ProbeRow from(Row r) {
    return new ProbeRow(r.getString("id"), r.getString("page_id"), r.getString("component_id"), r.getString("name"),
      r.getString("type"), r.getString("url"), r.getString("method"), r.getInteger("expected_min"),
      r.getInteger("expected_max"), r.getString("body_contains"), r.getString("host"), r.getInteger("port"),
      r.getInteger("timeout_ms"), r.getInteger("interval_seconds"), r.getInteger("latency_threshold_ms"),
      r.getBoolean("enabled"), ProviderRow.utc(r, "created_at"), ProviderRow.utc(r, "updated_at"));
  }

  boolean http() {
    return HTTP.equals(type);
  }

  /** Whether an HTTP answer with {@code status} passes. */
  boolean expects(int status) {
    return status >= expectedMin && status <= expectedMax;
  }

  /** {@code 200}, or {@code 200-399}: as the contract writes it. */
  String expectedStatus() {
    if (expectedMin == null) {
      return null;
    }
    return expectedMin.equals(expectedMax) ? String.valueOf(expectedMin) : expectedMin + "-" + expectedMax;
  }

  /** Where it is due next after a run due at {@code due}: an interval on, or an interval from now after a gap. */
  OffsetDateTime nextAfter(OffsetDateTime due, OffsetDateTime now) {
    OffsetDateTime next = due.plusSeconds(intervalSeconds);
    return next.isAfter(now) ? next : now.plusSeconds(intervalSeconds);
  }

  Probe view(ZoneId zone, CheckResult last) {
    return new Probe().id(id).pageId(pageId).componentId(componentId).name(name)
      .type(Probe.TypeEnum.fromValue(type)).url(url).method(method == null ? null : Probe.MethodEnum.fromValue(method))
      .expectedStatus(expectedStatus()).bodyContains(bodyContains).host(host).port(port).timeoutMs(timeoutMs)
      .intervalSeconds(intervalSeconds).latencyThresholdMs(latencyThresholdMs).enabled(enabled).lastResult(last)
      .createdAt(Json.inZone(createdAt, zone)).updatedAt(Json.inZone(updatedAt, zone));
  }
}
