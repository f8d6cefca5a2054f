package io.statuspage.uptime;

import io.statuspage.api.model.Metric;
import io.statuspage.runtime.Json;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.time.ZoneId;

/** A metric: the Pingdom check {@code metricIdentifier} feeding the graphs of {@code componentId}. */
record MetricRow(String id, String pageId, String providerId, String name, String metricIdentifier,
                 String componentId, OffsetDateTime backfilledAt, OffsetDateTime lastFetchedAt, String lastError,
                 OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  static final String COLUMNS = "id, page_id, metrics_provider_id, name, metric_identifier, component_id, "
    + "backfilled_at, last_fetched_at, last_error, created_at, updated_at";

  Object[] values() {
    return new Object[] {id, pageId, providerId, name, metricIdentifier, componentId, backfilledAt, lastFetchedAt,
      lastError, createdAt, updatedAt};
  }

  static MetricRow from(Row r) {
    return new MetricRow(r.getString("id"), r.getString("page_id"), r.getString("metrics_provider_id"),
      r.getString("name"), r.getString("metric_identifier"), r.getString("component_id"),
      ProviderRow.utc(r, "backfilled_at"), ProviderRow.utc(r, "last_fetched_at"), r.getString("last_error"),
      ProviderRow.utc(r, "created_at"), ProviderRow.utc(r, "updated_at"));
  }

  Metric view(ZoneId zone) {
    return new Metric().id(id).pageId(pageId).metricsProviderId(providerId).name(name)
      .metricIdentifier(metricIdentifier).componentId(componentId).backfilled(backfilledAt != null)
      .lastFetchedAt(lastFetchedAt == null ? null : Json.inZone(lastFetchedAt, zone)).lastError(lastError)
      .createdAt(Json.inZone(createdAt, zone)).updatedAt(Json.inZone(updatedAt, zone));
  }
}
