package io.statuspage.uptime;

import io.statuspage.api.model.MetricDataBulkRequest;
import io.statuspage.api.model.MetricDataPoint;
import io.statuspage.api.model.MetricDataRequest;
import io.statuspage.api.model.MetricDataResponse;
import io.statuspage.api.model.MetricRequest;
import io.statuspage.api.model.MetricRequestMetric;
import io.statuspage.api.model.MetricsProviderPatchRequest;
import io.statuspage.api.model.MetricsProviderPatchRequestMetricsProvider;
import io.statuspage.api.model.MetricsProviderRequest;
import io.statuspage.api.model.MetricsProviderRequestMetricsProvider;
import io.statuspage.bus.Outbox;
import io.statuspage.bus.Paging;
import io.statuspage.bus.Requests;
import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.statuspage.runtime.Ids;
import io.statuspage.schedule.Schedule;
import io.statuspage.write.Aggregate;
import io.statuspage.write.Outcome;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics providers and their metrics (Statuspage's shapes). Every write is one {@link Writer} transaction on the
 * page's providers: it locks them, edits a {@link Draft}, writes the difference, schedules (or cancels) the metrics'
 * polls in the same transaction and appends {@link Services.Uptime#CHANGED}; the schedule is kicked after commit so a
 * new metric is backfilled at once. A provider's token is stored and used, never answered.
 */
final class MetricsService {

  private final UptimeRepository repository;
  private final Pool pool;
  private final Pages pages;
  private final Schedule schedule;
  private final Writer<String, Draft> writer;
  private final MetricData data = new MetricData();

  MetricsService(UptimeRepository repository, Pool pool, Outbox outbox, Clock clock, Pages pages, Schedule schedule) {
    this.repository = repository;
    this.pool = pool;
    this.pages = pages;
    this.schedule = schedule;
    this.writer = Writer.create(pool, outbox, clock, Aggregate.of(this::lock, this::save));
  }

  Future<JsonArray> listProviders(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    Paging paging = Paging.of(request);
    return pages.zone(pageId).compose(zone -> repository.providers(pool, pageId)
      .map(rows -> array(paging.slice(rows).stream().map(p -> p.view(zone)).toList())));
  }

  Future<JsonObject> getProvider(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "metrics_provider_id");
    return pages.zone(pageId).compose(zone -> repository.providers(pool, pageId)
      .map(rows -> JsonObject.mapFrom(rows.stream().filter(p -> p.id().equals(id)).findFirst()
        .orElseThrow(() -> ServiceError.notFound("metrics provider", id)).view(zone))));
  }

  /** Adds a Pingdom provider; once per {@code requestId}. */
  Future<JsonObject> createProvider(JsonObject request, String requestId) {
    String pageId = Requests.parameter(request, "page_id");
    MetricsProviderRequestMetricsProvider p = Requests.required(
      Requests.read(request, MetricsProviderRequest.class).getMetricsProvider(), "metrics_provider");
    Requests.required(p.getType(), "metrics_provider.type");
    if (ProviderRow.SELF.equals(p.getType().getValue()) && p.getApiToken() != null) {
      throw ServiceError.unprocessable("metrics_provider.api_token", "A Self provider (custom metrics) has no token");
    }
    return pages.zone(pageId).compose(zone -> written(writer.write(pageId, requestId, draft -> {
      ProviderRow row = new ProviderRow(Ids.newId(), pageId, p.getType().getValue(), p.getApiToken(), false, null,
        null, draft.now(), draft.now());
      draft.addProvider(row);
      return Outcome.of(JsonObject.mapFrom(row.view(zone)))
        .emit(Services.Uptime.CHANGED, changed(pageId, "metrics_provider", row.id(), "created"));
    })));
  }

  /** A new token or {@code disabled}; a provider that may work again is polled at once. */
  Future<JsonObject> updateProvider(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "metrics_provider_id");
    MetricsProviderPatchRequestMetricsProvider p = Requests.required(
      Requests.read(request, MetricsProviderPatchRequest.class).getMetricsProvider(), "metrics_provider");
    return pages.zone(pageId).compose(zone -> written(writer.write(pageId, draft -> {
      ProviderRow edited = draft.provider(id).edit(p.getApiToken(), p.getDisabled(), draft.now());
      draft.editProvider(edited);
      return Outcome.of(JsonObject.mapFrom(edited.view(zone)))
        .emit(Services.Uptime.CHANGED, changed(pageId, "metrics_provider", id, "updated"));
    })));
  }

  /** Deletes a provider with its metrics and their polls; the figures collected stay. */
  Future<JsonObject> deleteProvider(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "metrics_provider_id");
    return pages.zone(pageId).compose(zone -> writer.write(pageId, draft -> {
      ProviderRow gone = draft.provider(id);
      draft.removeProvider(id);
      return Outcome.of(JsonObject.mapFrom(gone.view(zone)))
        .emit(Services.Uptime.CHANGED, changed(pageId, "metrics_provider", id, "deleted"));
    }));
  }

  Future<JsonArray> providerMetrics(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "metrics_provider_id");
    Paging paging = Paging.of(request);
    return pages.zone(pageId).compose(zone -> repository.providers(pool, pageId).compose(providers -> {
      if (providers.stream().noneMatch(p -> p.id().equals(id))) {
        return Future.failedFuture(ServiceError.notFound("metrics provider", id));
      }
      return repository.metrics(pool, pageId).map(rows -> array(paging.slice(rows.stream()
        .filter(m -> m.providerId().equals(id)).toList()).stream().map(m -> m.view(zone)).toList()));
    }));
  }

  /**
   * Adds a metric: a Pingdom check feeding a component of the page (422 naming {@code metric.component_id}
   * otherwise). The check is not looked up at Pingdom now: its first poll, at once, says whether it exists.
   */
  Future<JsonObject> createMetric(JsonObject request, String requestId) {
    String pageId = Requests.parameter(request, "page_id");
    String providerId = Requests.parameter(request, "metrics_provider_id");
    MetricRequestMetric m = Requests.required(Requests.read(request, MetricRequest.class).getMetric(), "metric");
    String name = Requests.required(m.getName(), "metric.name");
    String check = m.getMetricIdentifier();
    String componentId = m.getComponentId();
    // What a Pingdom metric needs is checked again under the lock, where the provider's type is known; a custom
    // metric's identifier is free and its component optional.
    Future<Void> component = componentId == null ? Future.succeededFuture()
      : pages.component(pageId, componentId, "metric.component_id");
    return pages.zone(pageId).compose(zone -> component
      .compose(v -> written(writer.write(pageId, requestId, draft -> {
        if (ProviderRow.PINGDOM.equals(draft.provider(providerId).type())) {
          Requests.required(check, "metric.metric_identifier");
          Requests.required(componentId, "metric.component_id");
          if (!check.matches("[0-9]{1,12}")) {
            throw ServiceError.badRequest("metric.metric_identifier", "metric_identifier must be a Pingdom check id");
          }
        }
        MetricRow row = new MetricRow(Ids.newId(), pageId, providerId, name, check, componentId, null, null, null,
          draft.now(), draft.now());
        draft.addMetric(row);
        return Outcome.of(JsonObject.mapFrom(row.view(zone)))
          .emit(Services.Uptime.CHANGED, changed(pageId, "metric", row.id(), "created"));
      }))));
  }

  Future<JsonArray> listMetrics(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    Paging paging = Paging.of(request);
    return pages.zone(pageId).compose(zone -> repository.metrics(pool, pageId)
      .map(rows -> array(paging.slice(rows).stream().map(m -> m.view(zone)).toList())));
  }

  Future<JsonObject> getMetric(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "metric_id");
    return pages.zone(pageId).compose(zone -> repository.metrics(pool, pageId)
      .map(rows -> JsonObject.mapFrom(rows.stream().filter(m -> m.id().equals(id)).findFirst()
        .orElseThrow(() -> ServiceError.notFound("metric", id)).view(zone))));
  }

  /** One point of a custom metric, answered as stored ({@link MetricData}). */
  Future<JsonObject> addData(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "metric_id");
    MetricDataPoint point = Requests.required(Requests.read(request, MetricDataRequest.class).getData(), "data");
    return pages.zone(pageId).compose(zone -> written(writer.write(pageId, draft -> {
      MetricRow metric = draft.metric(id);
      if (draft.pingdom(metric)) {
        throw ServiceError.unprocessable("metric_id", "Metric " + id + " is fed by Pingdom; only custom metrics "
          + "(of a Self provider) take data");
      }
      MetricDataPoint stored = data.accept(point, "data", draft.now());
      draft.addPoint(new Draft.Point(id, MetricData.at(stored), stored.getValue().doubleValue()));
      return Outcome.of(JsonObject.mapFrom(new MetricDataResponse().data(stored)))
        .emit(Services.Uptime.CHANGED, changed(pageId, "metric_data", id, "created"));
    })));
  }

  /** Points of several custom metrics, all stored or none, answered as stored. */
  Future<JsonObject> addDataBulk(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    MetricDataBulkRequest bulk = Requests.read(request, MetricDataBulkRequest.class);
    Map<String, List<MetricDataPoint>> byMetric = Requests.required(bulk.getData(), "data");
    // No metrics: nothing to store, but the page must exist (404 otherwise).
    return pages.zone(pageId).compose(zone -> byMetric.isEmpty()
      ? Future.succeededFuture(JsonObject.mapFrom(new MetricDataBulkRequest().data(new LinkedHashMap<>())))
      : written(writer.write(pageId, draft -> {
      Map<String, List<MetricDataPoint>> stored = new LinkedHashMap<>();
      for (Map.Entry<String, List<MetricDataPoint>> e : byMetric.entrySet()) {
        String field = "data." + e.getKey();
        MetricRow metric = draft.metricOrNull(e.getKey());
        if (metric == null || draft.pingdom(metric)) {
          throw ServiceError.unprocessable(field, metric == null ? "The page has no metric " + e.getKey()
            : "Metric " + e.getKey() + " is fed by Pingdom; only custom metrics take data");
        }
        List<MetricDataPoint> points = Requests.required(e.getValue(), field);
        List<MetricDataPoint> kept = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
          MetricDataPoint p = data.accept(Requests.required(points.get(i), field + "[" + i + "]"),
            field + "[" + i + "]", draft.now());
          draft.addPoint(new Draft.Point(e.getKey(), MetricData.at(p), p.getValue().doubleValue()));
          kept.add(p);
        }
        stored.put(e.getKey(), kept);
      }
      Outcome<JsonObject> outcome = Outcome.of(JsonObject.mapFrom(new MetricDataBulkRequest().data(stored)));
      stored.keySet().forEach(id -> outcome.emit(Services.Uptime.CHANGED, changed(pageId, "metric_data", id,
        "created")));
      return outcome;
    })));
  }

  private Future<Draft> lock(SqlClient tx, String pageId, OffsetDateTime now) {
    return repository.lockPage(tx, pageId)
      .compose(v -> repository.providers(tx, pageId))
      .compose(providers -> repository.metrics(tx, pageId).map(metrics -> new Draft(pageId, providers, metrics, now)));
  }

  private Future<Boolean> save(SqlClient tx, Draft draft) {
    Draft.Changes changes = draft.changes();
    if (changes.isEmpty()) {
      return Future.succeededFuture(false);
    }
    Future<Void> saved = repository.save(tx, changes);
    for (String metricId : changes.pollNow()) {
      saved = saved.compose(v -> Schedule.at(tx, PingdomPoller.KIND, metricId, draft.now()));
    }
    for (String metricId : changes.cancelPolls()) {
      saved = saved.compose(v -> Schedule.cancel(tx, PingdomPoller.KIND, metricId));
    }
    return saved.map(true);
  }

  /** After a commit that may have scheduled a poll: run it now. */
  private <T> Future<T> written(Future<T> write) {
    return write.onSuccess(reply -> schedule.kick());
  }

  private static JsonObject changed(String pageId, String kind, String id, String action) {
    return new JsonObject().put("page_id", pageId).put("kind", kind).put("id", id).put("action", action);
  }

  private static JsonArray array(List<?> views) {
    JsonArray out = new JsonArray();
    views.forEach(v -> out.add(JsonObject.mapFrom(v)));
    return out;
  }
}
