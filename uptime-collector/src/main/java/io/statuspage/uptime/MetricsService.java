package io.statuspage.uptime;

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
import java.util.List;

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
    String check = Requests.required(m.getMetricIdentifier(), "metric.metric_identifier");
    String componentId = Requests.required(m.getComponentId(), "metric.component_id");
    if (!check.matches("[0-9]{1,12}")) {
      throw ServiceError.badRequest("metric.metric_identifier", "metric_identifier must be a Pingdom check id");
    }
    return pages.zone(pageId).compose(zone -> pages.component(pageId, componentId, "metric.component_id")
      .compose(v -> written(writer.write(pageId, requestId, draft -> {
        draft.provider(providerId);
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
