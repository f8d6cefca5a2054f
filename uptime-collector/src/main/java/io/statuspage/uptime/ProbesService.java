package io.statuspage.uptime;

import io.statuspage.api.model.CheckResultRequest;
import io.statuspage.api.model.CheckResultRequestCheckResult;
import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.ProbePatchRequest;
import io.statuspage.api.model.ProbePatchRequestProbe;
import io.statuspage.api.model.ProbeRequest;
import io.statuspage.api.model.ProbeRequestProbe;
import io.statuspage.api.model.StatusRuleRequest;
import io.statuspage.api.model.StatusRuleRequestStatusRule;
import io.statuspage.bus.Outbox;
import io.statuspage.bus.Paging;
import io.statuspage.bus.Requests;
import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.statuspage.runtime.Ids;
import io.statuspage.schedule.Schedule;
import io.statuspage.write.Aggregate;
import io.statuspage.write.HandledRequests;
import io.statuspage.write.Outcome;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Probes, smoke-test results and status rules. Configuration writes are one {@link Writer} transaction on the page's
 * probes and rules (the page's lock, as the metrics take it): they edit a {@link ProbeDraft}, write the difference,
 * schedule or cancel the probes' runs in the same transaction and append {@link Services.Uptime#CHANGED}. A probe runs
 * from the durable schedule ({@link #KIND}, key its id) so that with any number of collectors each run happens once;
 * every result, a probe's or a smoke test's, goes through {@link Results}.
 */
final class ProbesService {

  static final String KIND = "probe.run";
  private static final int DEFAULT_TIMEOUT_MS = 10_000;
  private static final int DEFAULT_INTERVAL_S = 60;
  /** How far a smoke test's checked_at may be from now: clocks differ a little, results arrive late. */
  private static final Duration AHEAD = Duration.ofMinutes(5);
  private static final Duration BEHIND = Duration.ofHours(24);

  private final UptimeRepository repository;
  private final Pool pool;
  private final Pages pages;
  private final Runnable kick;
  private final Prober prober;
  private final Results results;
  private final Clock clock;
  private final Writer<String, ProbeDraft> writer;

  /** {@code kick} runs a pass of the probes' schedules now (after a commit that scheduled a run). */
  ProbesService(UptimeRepository repository, Pool pool, Outbox outbox, Clock clock, Pages pages, Runnable kick,
                Prober prober, Results results) {
    this.repository = repository;
    this.pool = pool;
    this.pages = pages;
    this.kick = kick;
    this.prober = prober;
    this.results = results;
    this.clock = clock;
    this.writer = Writer.create(pool, outbox, clock, Aggregate.of(this::lock, this::save));
  }

  // Probes

  Future<JsonArray> listProbes(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    Paging paging = Paging.of(request);
    return pages.zone(pageId).compose(zone -> repository.probes(pool, pageId)
      .compose(rows -> views(paging.slice(rows), zone)).map(JsonArray::new));
  }

  Future<JsonObject> getProbe(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "probe_id");
    return pages.zone(pageId).compose(zone -> repository.probe(pool, id).compose(row -> {
      if (row == null || !row.pageId().equals(pageId)) {
        return Future.failedFuture(ServiceError.notFound("probe", id));
      }
      return views(List.of(row), zone).map(list -> list.get(0));
    }));
  }

  /** Adds a probe to a component of the page, run at once; once per {@code requestId}. */
  Future<JsonObject> createProbe(JsonObject request, String requestId) {
    String pageId = Requests.parameter(request, "page_id");
    ProbeRequestProbe p = Requests.required(Requests.read(request, ProbeRequest.class).getProbe(), "probe");
    String componentId = Requests.required(p.getComponentId(), "probe.component_id");
    String type = Requests.required(p.getType(), "probe.type").getValue();
    Fields f = Fields.of(type, p.getUrl() == null ? null : p.getUrl().toString(), p.getMethod() == null ? null : p.getMethod().getValue(),
      p.getExpectedStatus(), p.getBodyContains(), p.getHost(), p.getPort(), request.getJsonObject("probe"));
    int timeout = p.getTimeoutMs() == null ? DEFAULT_TIMEOUT_MS : p.getTimeoutMs();
    int interval = p.getIntervalSeconds() == null ? DEFAULT_INTERVAL_S : p.getIntervalSeconds();
    bounds(timeout, interval, p.getLatencyThresholdMs());
    String name = p.getName() != null ? p.getName() : f.defaultName();
    boolean enabled = p.getEnabled() == null || p.getEnabled();
    return pages.zone(pageId).compose(zone -> pages.component(pageId, componentId, "probe.component_id")
      .compose(v -> kicked(writer.write(pageId, requestId, draft -> {
        ProbeRow row = new ProbeRow(Ids.newId(), pageId, componentId, name, type, f.url(), f.method(), f.min(), f.max(),
          f.body(), f.host(), f.port(), timeout, interval, p.getLatencyThresholdMs(), enabled, draft.now(),
          draft.now());
        draft.addProbe(row);
        return Outcome.of(JsonObject.mapFrom(row.view(zone, null)))
          .emit(Services.Uptime.CHANGED, changed(pageId, "probe", row.id(), "created"));
      }))));
  }

  /** Changes the fields sent; its type and component stay. */
  Future<JsonObject> updateProbe(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "probe_id");
    ProbePatchRequestProbe p = Requests.required(Requests.read(request, ProbePatchRequest.class).getProbe(), "probe");
    JsonObject given = request.getJsonObject("probe");
    return pages.zone(pageId).compose(zone -> kicked(writer.write(pageId, draft -> {
      ProbeRow old = draft.probe(id);
      Fields f = Fields.of(old.type(), p.getUrl() != null ? p.getUrl().toString() : old.url(),
        p.getMethod() != null ? p.getMethod().getValue() : old.method(),
        p.getExpectedStatus() != null ? p.getExpectedStatus() : old.expectedStatus(),
        given.containsKey("body_contains") ? p.getBodyContains() : old.bodyContains(), or(p.getHost(), old.host()),
        or(p.getPort(), old.port()), given);
      int timeout = or(p.getTimeoutMs(), old.timeoutMs());
      int interval = or(p.getIntervalSeconds(), old.intervalSeconds());
      Integer threshold = given.containsKey("latency_threshold_ms") ? p.getLatencyThresholdMs()
        : old.latencyThresholdMs();
      bounds(timeout, interval, threshold);
      ProbeRow edited = new ProbeRow(id, pageId, old.componentId(), or(p.getName(), old.name()), old.type(), f.url(),
        f.method(), f.min(), f.max(), f.body(), f.host(), f.port(), timeout, interval, threshold,
        or(p.getEnabled(), old.enabled()), old.createdAt(), old.updatedAt());
      ProbeRow stored = edited.equals(old) ? old : new ProbeRow(id, pageId, old.componentId(), edited.name(),
        old.type(), f.url(), f.method(), f.min(), f.max(), f.body(), f.host(), f.port(), timeout, interval, threshold,
        edited.enabled(), old.createdAt(), draft.now());
      draft.editProbe(stored);
      return Outcome.of(JsonObject.mapFrom(stored.view(zone, null)))
        .emit(Services.Uptime.CHANGED, changed(pageId, "probe", id, "updated"));
    })).compose(reply -> getProbe(request)));
  }

  /** Deletes a probe and its runs; its results and figures stay. */
  Future<JsonObject> deleteProbe(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "probe_id");
    return pages.zone(pageId).compose(zone -> writer.write(pageId, draft -> {
      ProbeRow gone = draft.probe(id);
      draft.removeProbe(id);
      return Outcome.of(JsonObject.mapFrom(gone.view(zone, null)))
        .emit(Services.Uptime.CHANGED, changed(pageId, "probe", id, "deleted"));
    }));
  }

  Future<JsonArray> probeResults(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "probe_id");
    Paging paging = Paging.of(request);
    return pages.zone(pageId).compose(zone -> repository.probe(pool, id).compose(row -> {
      if (row == null || !row.pageId().equals(pageId)) {
        return Future.failedFuture(ServiceError.notFound("probe", id));
      }
      return repository.results(pool, id, paging.offset(), paging.size())
        .map(rows -> new JsonArray(rows.stream().map(r -> JsonObject.mapFrom(r.view(zone))).toList()));
    }));
  }

  /** The schedule's handler: runs the probe, stores its result with its next run, then applies its rule. */
  Future<?> run(Schedule.Due due) {
    return repository.probe(pool, due.key()).compose(probe -> {
      // Gone or disabled: done, no next run (enabling schedules one).
      if (probe == null || !probe.enabled()) {
        return Future.succeededFuture();
      }
      // Deleted while it ran (itself, or its component): nothing stored, no next run.
      Future<ZoneId> zone = pages.daysZone(probe.pageId());
      Future<Boolean> maintenance = pages.underMaintenance(probe.pageId(), probe.componentId());
      return Future.all(zone, maintenance).compose(v -> prober.check(probe))
        .compose(outcome -> pool.withTransaction(tx -> repository.lockPage(tx, probe.pageId())
          .compose(v -> repository.probe(tx, probe.id()))
          .compose(still -> still == null ? Future.<Results.Step>succeededFuture() : results.store(tx, probe.pageId(),
              zone.result(), new Results.Pending(probe.componentId(), probe.id(), due.dueAt(), outcome.passed(),
                outcome.latencyMs(), outcome.message(), probe.intervalSeconds(), probe.latencyThresholdMs(),
                maintenance.result()))
            .compose(step -> Schedule.at(tx, KIND, probe.id(), probe.nextAfter(due.dueAt(), Writer.now(clock)))
              .map(step)))))
        .compose(step -> step == null ? Future.succeededFuture() : results.apply(step));
    });
  }

  /** Schedules a run, due now, of every enabled probe that has none (after an upgrade, or a lost row). */
  Future<Integer> scheduleUnscheduled() {
    OffsetDateTime now = Writer.now(clock);
    return pool.withTransaction(tx -> tx.preparedQuery("SELECT id FROM probe p WHERE enabled AND NOT EXISTS "
        + "(SELECT 1 FROM scheduled_work w WHERE w.kind = $1 AND w.key = p.id)")
      .execute(io.vertx.sqlclient.Tuple.of(KIND)).compose(rows -> {
        Future<Void> all = Future.succeededFuture();
        for (var row : rows) {
          String id = row.getString(0);
          all = all.compose(v -> Schedule.at(tx, KIND, id, now));
        }
        return all.map(rows.size());
      }));
  }

  // Smoke tests

  /** A smoke test's result for a component; once per {@code requestId}. Replies the stored result. */
  Future<JsonObject> postResult(JsonObject request, String requestId) {
    String pageId = Requests.parameter(request, "page_id");
    String componentId = Requests.parameter(request, "component_id");
    CheckResultRequestCheckResult c = Requests.required(
      Requests.read(request, CheckResultRequest.class).getCheckResult(), "check_result");
    boolean passed = Requests.required(c.getPassed(), "check_result.passed");
    OffsetDateTime now = Writer.now(clock);
    OffsetDateTime at = c.getCheckedAt() == null ? now : c.getCheckedAt();
    if (at.isAfter(now.plus(AHEAD)) || at.isBefore(now.minus(BEHIND))) {
      throw ServiceError.unprocessable("check_result.checked_at",
        "checked_at must be at most 5 minutes ahead and 24 hours behind now");
    }
    String message = c.getMessage() == null || c.getMessage().isBlank() ? (passed ? "passed" : "failed")
      : c.getMessage();
    return pages.zone(pageId).compose(zone -> pages.maintenanceOf(pageId, componentId).compose(maintenance -> {
      Results.Pending pending = new Results.Pending(componentId, ResultRow.SMOKE, at, passed, c.getLatencyMs(),
        message, ResultRow.SMOKE_COVERS_SECONDS, null, maintenance);
      return pool.withTransaction(tx -> (requestId == null ? Future.<JsonObject>succeededFuture()
            : HandledRequests.claim(tx, requestId, now))
          .compose(earlier -> earlier != null ? Future.succeededFuture(new Posted(earlier, null))
            : results.store(tx, pageId, zone, pending).compose(step -> {
              JsonObject reply = JsonObject.mapFrom(step.result().view(zone));
              return (requestId == null ? Future.<Void>succeededFuture()
                : HandledRequests.record(tx, requestId, reply)).map(new Posted(reply, step));
            })))
        .compose(posted -> posted.step() == null ? Future.succeededFuture(posted.reply())
          : results.apply(posted.step()).map(posted.reply()));
    }));
  }

  private record Posted(JsonObject reply, Results.Step step) {
  }

  // Status rules

  Future<JsonObject> getRule(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String componentId = Requests.parameter(request, "component_id");
    return pages.zone(pageId).compose(zone -> repository.rules(pool, pageId).map(rules -> JsonObject.mapFrom(
      rules.stream().filter(r -> r.componentId().equals(componentId)).findFirst()
        .orElseThrow(() -> ServiceError.notFound("status rule of component", componentId)).view(zone))));
  }

  /** Sets (replaces) the component's rule; its counters start again. */
  Future<JsonObject> putRule(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String componentId = Requests.parameter(request, "component_id");
    StatusRuleRequestStatusRule r = Requests.required(Requests.read(request, StatusRuleRequest.class).getStatusRule(),
      "status_rule");
    int failures = r.getFailuresToOutage() == null ? 3 : r.getFailuresToOutage();
    int passes = r.getPassesToOperational() == null ? 2 : r.getPassesToOperational();
    if (failures < 1 || failures > 100) {
      throw ServiceError.badRequest("status_rule.failures_to_outage", "failures_to_outage must be from 1 to 100");
    }
    if (passes < 1 || passes > 100) {
      throw ServiceError.badRequest("status_rule.passes_to_operational", "passes_to_operational must be from 1 to 100");
    }
    if (r.getLatencyThresholdMs() != null && (r.getLatencyThresholdMs() < 1 || r.getLatencyThresholdMs() > 600_000)) {
      throw ServiceError.badRequest("status_rule.latency_threshold_ms", "latency_threshold_ms must be from 1 to 600000");
    }
    ComponentStatus outage = r.getOutageStatus() == null ? ComponentStatus.MAJOR_OUTAGE
      : ComponentStatus.fromValue(r.getOutageStatus().getValue());
    return pages.zone(pageId).compose(zone -> pages.existing(pageId, componentId).compose(v -> writer.write(pageId,
      draft -> {
        RuleRow old = draft.ruleOrNull(componentId);
        // The incident it opened stays its own to resolve, whatever the new settings.
        RuleRow row = new RuleRow(componentId, pageId, failures, outage, passes, r.getLatencyThresholdMs(), 0, 0, 0,
          null, null, null, Boolean.TRUE.equals(r.getOpenIncident()), old == null ? null : old.incidentId(),
          old == null ? draft.now() : old.createdAt(), draft.now());
        draft.putRule(row);
        return Outcome.of(JsonObject.mapFrom(row.view(zone)))
          .emit(Services.Uptime.CHANGED, changed(pageId, "status_rule", componentId, "updated"));
      })));
  }

  Future<JsonObject> deleteRule(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String componentId = Requests.parameter(request, "component_id");
    return pages.zone(pageId).compose(zone -> writer.write(pageId, draft -> {
      RuleRow gone = draft.rule(componentId);
      draft.removeRule(componentId);
      return Outcome.of(JsonObject.mapFrom(gone.view(zone)))
        .emit(Services.Uptime.CHANGED, changed(pageId, "status_rule", componentId, "deleted"));
    }));
  }

  // Plumbing

  private Future<List<JsonObject>> views(List<ProbeRow> rows, ZoneId zone) {
    if (rows.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return repository.lastResults(pool, rows.stream().map(ProbeRow::id).toList()).map(last -> rows.stream()
      .map(row -> JsonObject.mapFrom(row.view(zone, last.containsKey(row.id()) ? last.get(row.id()).view(zone)
        : null))).toList());
  }

  private static void bounds(int timeoutMs, int intervalSeconds, Integer thresholdMs) {
    if (timeoutMs < 100 || timeoutMs > 30_000) {
      throw ServiceError.badRequest("probe.timeout_ms", "timeout_ms must be from 100 to 30000");
    }
    if (intervalSeconds < 30 || intervalSeconds > 86_400) {
      throw ServiceError.badRequest("probe.interval_seconds", "interval_seconds must be from 30 to 86400");
    }
    if (thresholdMs != null && (thresholdMs < 1 || thresholdMs > 60_000)) {
      throw ServiceError.badRequest("probe.latency_threshold_ms", "latency_threshold_ms must be from 1 to 60000");
    }
  }

  private Future<ProbeDraft> lock(SqlClient tx, String pageId, OffsetDateTime now) {
    return repository.lockPage(tx, pageId)
      .compose(v -> repository.probes(tx, pageId))
      .compose(probes -> repository.rules(tx, pageId).map(rules -> new ProbeDraft(pageId, probes, rules, now)));
  }

  private Future<Boolean> save(SqlClient tx, ProbeDraft draft) {
    ProbeDraft.Changes changes = draft.changes();
    if (changes.isEmpty()) {
      return Future.succeededFuture(false);
    }
    Future<Void> saved = repository.saveProbes(tx, changes);
    for (String id : changes.runNow()) {
      saved = saved.compose(v -> Schedule.at(tx, KIND, id, draft.now()));
    }
    for (String id : changes.cancelRuns()) {
      saved = saved.compose(v -> Schedule.cancel(tx, KIND, id));
    }
    return saved.map(true);
  }

  /** After a commit that may have scheduled a run now: run it. */
  private <T> Future<T> kicked(Future<T> write) {
    return write.onSuccess(reply -> kick.run());
  }

  private static <T> T or(T value, T otherwise) {
    return value != null ? value : otherwise;
  }

  private static JsonObject changed(String pageId, String kind, String id, String action) {
    return new JsonObject().put("page_id", pageId).put("kind", kind).put("id", id).put("action", action);
  }

  /**
   * The type-specific fields, checked: an HTTP probe needs a URL (http or https, with a host) and takes method,
   * expected status and body text; a TCP probe needs host and port and takes nothing else. 422 naming the field.
   */
  record Fields(String url, String method, Integer min, Integer max, String body, String host, Integer port) {

    static Fields of(String type, String url, String method, String expected, String body, String host, Integer port,
                     JsonObject given) {
      if (ProbeRow.HTTP.equals(type)) {
        for (String tcpOnly : List.of("host", "port")) {
          if (given != null && given.getValue(tcpOnly) != null) {
            throw ServiceError.unprocessable("probe." + tcpOnly, tcpOnly + " is for tcp probes; an http probe has a url");
          }
        }
        if (url == null) {
          throw ServiceError.unprocessable("probe.url", "An http probe needs a url");
        }
        checkUrl(url);
        String range = expected == null ? "200-399" : expected;
        if (!range.matches("[1-5][0-9]{2}(-[1-5][0-9]{2})?")) {
          throw ServiceError.unprocessable("probe.expected_status",
            "expected_status must be a status (200) or a range (200-399) from 100 to 599");
        }
        String[] ends = range.split("-");
        int min = Integer.parseInt(ends[0]);
        int max = Integer.parseInt(ends[ends.length - 1]);
        if (min > max) {
          throw ServiceError.unprocessable("probe.expected_status", "The range's first status must not exceed its last");
        }
        String verb = method == null ? "GET" : method;
        if (body != null && verb.equals("HEAD")) {
          throw ServiceError.unprocessable("probe.body_contains", "A HEAD request has no body to look in; use GET");
        }
        return new Fields(url, verb, min, max, body, null, null);
      }
      for (String httpOnly : List.of("url", "method", "expected_status", "body_contains")) {
        if (given != null && given.getValue(httpOnly) != null) {
          throw ServiceError.unprocessable("probe." + httpOnly, httpOnly + " is for http probes");
        }
      }
      if (host == null) {
        throw ServiceError.unprocessable("probe.host", "A tcp probe needs a host");
      }
      if (port == null) {
        throw ServiceError.unprocessable("probe.port", "A tcp probe needs a port");
      }
      return new Fields(null, null, null, null, null, host, port);
    }

    String defaultName() {
      return url != null ? url : host + ":" + port;
    }

    private static void checkUrl(String url) {
      try {
        URI uri = new URI(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
          throw ServiceError.unprocessable("probe.url", "url must be http:// or https:// with a host");
        }
      } catch (java.net.URISyntaxException e) {
        throw ServiceError.unprocessable("probe.url", "url is not a valid URI");
      }
    }
  }
}
