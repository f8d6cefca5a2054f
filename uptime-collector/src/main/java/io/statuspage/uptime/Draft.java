package io.statuspage.uptime;

import io.statuspage.bus.ServiceError;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A page's metrics providers and metrics, loaded under the page's lock and edited in memory; {@link #changes()} is
 * what must be written, with the polls to start or stop.
 */
final class Draft {

  private final String pageId;
  private final OffsetDateTime now;
  private final Map<String, ProviderRow> providersBefore = new LinkedHashMap<>();
  private final Map<String, ProviderRow> providers = new LinkedHashMap<>();
  private final Map<String, MetricRow> metrics = new LinkedHashMap<>();
  private final List<MetricRow> added = new ArrayList<>();
  private final List<Point> points = new ArrayList<>();
  private final Set<String> pollNow = new LinkedHashSet<>();

  Draft(String pageId, List<ProviderRow> providers, List<MetricRow> metrics, OffsetDateTime now) {
    this.pageId = pageId;
    this.now = now;
    providers.forEach(p -> providersBefore.put(p.id(), p));
    this.providers.putAll(providersBefore);
    metrics.forEach(m -> this.metrics.put(m.id(), m));
  }

  String pageId() {
    return pageId;
  }

  OffsetDateTime now() {
    return now;
  }

  ProviderRow provider(String id) {
    ProviderRow row = providers.get(id);
    if (row == null) {
      throw ServiceError.notFound("metrics provider", id);
    }
    return row;
  }

  void addProvider(ProviderRow row) {
    providers.put(row.id(), row);
  }

  /** Replaces a provider's fields; polls its metrics at once when it may work again (new token, enabled). */
  void editProvider(ProviderRow edited) {
    ProviderRow old = provider(edited.id());
    providers.put(edited.id(), edited);
    boolean revived = !edited.disabled() && (old.disabled() || !java.util.Objects.equals(old.apiToken(),
      edited.apiToken()));
    if (revived && ProviderRow.PINGDOM.equals(edited.type())) {
      metricsOf(edited.id()).forEach(m -> pollNow.add(m.id()));
    }
  }

  /** Removes a provider with its metrics (the database cascades; their polls are cancelled). */
  void removeProvider(String id) {
    provider(id);
    providers.remove(id);
  }

  /** A new metric; a Pingdom one is polled (backfilled) at once unless its provider is disabled. */
  void addMetric(MetricRow row) {
    if (pingdom(row)) {
      // Its figures are kept per component and source: a second Pingdom check would overwrite the first's.
      metrics.values().stream().filter(m -> pingdom(m) && row.componentId().equals(m.componentId())).findFirst()
        .ifPresent(m -> {
          throw ServiceError.unprocessable("metric.component_id", "Component " + row.componentId()
            + " already has a Pingdom metric (" + m.id() + ")");
        });
    }
    metrics.put(row.id(), row);
    added.add(row);
    if (pingdom(row) && !provider(row.providerId()).disabled()) {
      pollNow.add(row.id());
    }
  }

  /** The page's metric {@code id}, or null. */
  MetricRow metricOrNull(String id) {
    return metrics.get(id);
  }

  /** The page's metric {@code id}; 404 when it has none. */
  MetricRow metric(String id) {
    MetricRow row = metrics.get(id);
    if (row == null) {
      throw ServiceError.notFound("metric", id);
    }
    return row;
  }

  /** Whether {@code metric} is a Pingdom check (else a custom metric, fed by the data API). */
  boolean pingdom(MetricRow metric) {
    ProviderRow p = providers.get(metric.providerId());
    return p != null && ProviderRow.PINGDOM.equals(p.type());
  }

  /** A custom metric's point, at its snapped time; a later one at the same time replaces it. */
  void addPoint(Point point) {
    points.removeIf(p -> p.metricId().equals(point.metricId()) && p.at().equals(point.at()));
    points.add(point);
  }

  List<MetricRow> metricsOf(String providerId) {
    return metrics.values().stream().filter(m -> m.providerId().equals(providerId)).toList();
  }

  /** A custom metric's data point. */
  record Point(String metricId, OffsetDateTime at, double value) {
  }

  Changes changes() {
    List<ProviderRow> inserted = new ArrayList<>();
    List<ProviderRow> updated = new ArrayList<>();
    providers.values().forEach(p -> {
      ProviderRow old = providersBefore.get(p.id());
      if (old == null) {
        inserted.add(p);
      } else if (!old.equals(p)) {
        updated.add(p);
      }
    });
    List<String> deleted = providersBefore.keySet().stream().filter(id -> !providers.containsKey(id)).toList();
    List<String> unpolled = metrics.values().stream().filter(m -> deleted.contains(m.providerId()))
      .map(MetricRow::id).toList();
    return new Changes(inserted, updated, deleted, List.copyOf(added), List.copyOf(pollNow), unpolled,
      List.copyOf(points));
  }

  /** What a transaction writes: providers, then metrics and points, then the polls to start now and to cancel. */
  record Changes(List<ProviderRow> insertedProviders, List<ProviderRow> updatedProviders,
                 List<String> deletedProviders, List<MetricRow> insertedMetrics, List<String> pollNow,
                 List<String> cancelPolls, List<Point> points) {

    boolean isEmpty() {
      return insertedProviders.isEmpty() && updatedProviders.isEmpty() && deletedProviders.isEmpty()
        && insertedMetrics.isEmpty() && points.isEmpty();
    }
  }
}
