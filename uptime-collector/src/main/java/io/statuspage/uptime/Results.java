package io.statuspage.uptime;

import io.statuspage.api.ComponentStatuses;
import io.statuspage.api.model.ComponentStatus;
import io.statuspage.bus.messages.AutomaticStatus;
import io.statuspage.bus.messages.AutomaticStatusResult;
import io.statuspage.runtime.Outage;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * Where every probe and smoke-test result goes: {@link #store} writes it (once) with the component's daily figure
 * and counts it on the component's status rule, in the caller's transaction; {@link #apply}, after commit, asks
 * component-service for the status the rule now wants, when it must, and keeps what came of it on the rule.
 * Asking after commit keeps the result even when component-service is away: the next result asks again.
 */
final class Results {

  private static final Logger LOG = LoggerFactory.getLogger(Results.class);
  /** Raw results are kept this long, as Pingdom's: the longest response chart. */
  static final Duration KEPT = Duration.ofDays(30);

  /** A result before the rule has judged whether it is slow. */
  record Pending(String componentId, String probe, OffsetDateTime at, boolean passed, Integer latencyMs,
                 String message, int coversSeconds, Integer probeThresholdMs, boolean inMaintenance) {
  }

  /**
   * A stored result, its rule as counted (null without one) and what the rule asks for (null when it asks nothing
   * new).
   */
  record Step(String pageId, ResultRow result, boolean stored, RuleRow rule, RuleRow.Decision ask) {
  }

  private final UptimeRepository repository;
  private final Pool pool;
  private final Pages pages;
  private final Incidents incidents;
  private final Clock clock;

  Results(UptimeRepository repository, Pool pool, Pages pages, Incidents incidents, Clock clock) {
    this.repository = repository;
    this.pool = pool;
    this.pages = pages;
    this.incidents = incidents;
    this.clock = clock;
  }

  /**
   * In {@code tx}: stores the result once, under the page's lock (as configuration writes take it), and counts it on
   * the component's rule. A result stored before (a repeated run) counts nothing again, nor does one taken while the
   * component was under maintenance (planned work is no outage: it does not move the status, nor the day's uptime).
   * The day's figure it changes is the day of {@code zone}, the page's.
   */
  Future<Step> store(SqlClient tx, String pageId, ZoneId zone, Pending p) {
    OffsetDateTime now = Writer.now(clock);
    return repository.lockPage(tx, pageId).compose(v -> repository.lockRule(tx, p.componentId())).compose(rule -> {
      Integer threshold = p.probeThresholdMs() != null ? p.probeThresholdMs()
        : rule == null ? null : rule.latencyThresholdMs();
      boolean slow = p.passed() && threshold != null && p.latencyMs() != null && p.latencyMs() > threshold;
      String measured = slow ? p.message() + ", " + p.latencyMs() + " ms over the " + threshold + " ms threshold"
        : p.message();
      String message = p.inMaintenance() ? measured + " (under maintenance: not counted)" : measured;
      ResultRow result = new ResultRow(p.componentId(), p.probe(), p.at(), p.passed(), slow, p.latencyMs(), message,
        p.coversSeconds(), p.inMaintenance());
      return repository.recordResult(tx, result, zone, now, now.minus(KEPT)).compose(stored -> {
        if (!stored || rule == null || result.inMaintenance()) {
          return Future.succeededFuture(new Step(pageId, result, stored, null, null));
        }
        RuleRow counted = rule.count(result.passed(), result.slow());
        RuleRow.Decision decision = counted.decision(result.passed() && !result.slow() ? null : message);
        return repository.counted(tx, counted)
          .map(new Step(pageId, result, true, counted, counted.mustAsk(decision) ? decision : null));
      });
    });
  }

  /**
   * After commit: asks component-service for the status the rule wants, once per result (the request id names it), and
   * records the outcome on the rule. Never fails: an unreachable component-service is recorded as {@code failed}.
   */
  Future<Void> apply(Step step) {
    if (step.ask() == null) {
      return Future.succeededFuture();
    }
    ResultRow r = step.result();
    String source = ResultRow.SMOKE.equals(r.probe()) ? "smoke" : "probe:" + r.probe();
    String requestId = "rule:" + r.componentId() + ":" + r.probe() + "@" + r.at().toInstant();
    String status = step.ask().status().getValue();
    return pages.automatic(new AutomaticStatus(step.pageId(), r.componentId(), step.ask().status(),
        step.ask().reason(), source), requestId)
      .compose(result -> repository.asked(pool, r.componentId(), status, result.outcome(), step.ask().reason())
        .compose(v -> AutomaticStatusResult.CHANGED.equals(result.outcome()) ? incident(step, source, requestId)
          : Future.succeededFuture()))
      .recover(e -> {
        LOG.warn("Could not ask component-service to set component {} to {}: {}", r.componentId(), status,
          Outage.reason(e));
        return repository.asked(pool, r.componentId(), status, RuleRow.FAILED, step.ask().reason());
      })
      .recover(e -> Future.succeededFuture());
  }

  /**
   * With {@code open_incident}: an outage automation just set opens an incident (once per result: the request id),
   * and operational resolves the one it opened. Degraded performance opens none. A failure is logged and leaves the
   * incident to a person.
   */
  private Future<Void> incident(Step step, String source, String requestId) {
    RuleRow rule = step.rule();
    ComponentStatus status = step.ask().status();
    String pageId = step.pageId();
    String componentId = rule.componentId();
    String actor = "automation:" + source;
    Future<Void> done;
    if (!rule.openIncident()) {
      return Future.succeededFuture();
    } else if (status == ComponentStatus.OPERATIONAL && rule.incidentId() != null) {
      done = incidents.resolve(pageId, rule.incidentId(), "Resolved automatically: " + step.ask().reason() + ".", actor)
        .compose(v -> repository.ruleIncident(pool, componentId, null));
    } else if ((status == ComponentStatus.MAJOR_OUTAGE || status == ComponentStatus.PARTIAL_OUTAGE)
      && rule.incidentId() == null) {
      done = pages.componentName(pageId, componentId).compose(name -> incidents.open(pageId, componentId,
          name + ": " + ComponentStatuses.words(status), "Detected automatically: " + step.ask().reason() + ".",
          actor, "incident:" + requestId))
        .compose(id -> repository.ruleIncident(pool, componentId, id));
    } else {
      return Future.succeededFuture();
    }
    return done.recover(e -> {
      LOG.warn("Could not open or resolve the automatic incident of component {}: {}", componentId, Outage.reason(e));
      return Future.succeededFuture();
    });
  }
}
