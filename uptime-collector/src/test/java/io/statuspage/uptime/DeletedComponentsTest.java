package io.statuspage.uptime;

import io.statuspage.bus.Services;
import io.statuspage.component.ComponentServiceVerticle;
import io.statuspage.write.Writer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A component deleted in component-service (the real one, on the same event bus and database server) stops being
 * probed, judged and fed: heard through its event, or, when no collector listened, found by the sweep at start. Each
 * test watches a second component that must keep everything.
 */
class DeletedComponentsTest extends UptimeTestBase {

  private final Vertx targetVertx = Vertx.vertx();
  private final ProbeTarget deletedTarget = ProbeTarget.start(targetVertx);
  private final ProbeTarget keptTarget = ProbeTarget.start(targetVertx);
  private String deleted;
  private String kept;

  @Override
  protected Map<String, String> settings() {
    // The status history's figures are left alone here: one run at start.
    return Map.of("probe.schedule.poll", "100ms", "pingdom.schedule.poll", "100ms", "uptime.history.interval", "24h");
  }

  @BeforeEach
  void components() {
    // The base's "API" is the one kept.
    kept = componentId;
    deleted = component(Services.Component.CREATE, page().put("component", new JsonObject().put("name", "Old API")))
      .getString("id");
  }

  @AfterEach
  void stopTargets() {
    deletedTarget.close();
    keptTarget.close();
    targetVertx.close().await();
  }

  @Test
  void theDeletionEventStopsProbesRuleAndMetricsOnEveryCollector() {
    // A second collector on the same database and bus: both hear the event and both forget.
    vertx.deployVerticle(new UptimeCollectorVerticle(config, health, clock)).await();
    Monitoring gone = monitor(deleted, deletedTarget);
    Monitoring stays = monitor(kept, keptTarget);

    component(Services.Component.DELETE, page().put("component_id", deleted));
    awaitTrue(() -> count("SELECT count(*) FROM probe WHERE component_id = $1", deleted) == 0);
    assertForgotten(gone);
    // One of the two removed it; the other, under the same page lock, found nothing and appended nothing.
    assertEquals(1L, count("SELECT count(*) FROM outbox WHERE type = 'uptime.changed' "
      + "AND payload->>'kind' = 'component' AND payload->>'id' = $1", deleted));

    // The same event again (a repeat, a late relay) removes nothing and fails nothing.
    vertx.eventBus().publish(Services.Component.EVENTS, new JsonObject().put("id", UUID.randomUUID().toString())
      .put("type", Services.Component.CHANGED).put("occurred_at", clock.instant().toString())
      .put("data", page().put("kind", "component").put("id", deleted).put("action", "deleted")));
    assertProbingGoesOn(stays, deletedTarget.requests());
    assertForgotten(gone);
    assertKept(stays);
  }

  @Test
  void aDeletionMissedWhileNoCollectorRanIsSweptAtStart() {
    Monitoring gone = monitor(deleted, deletedTarget);
    Monitoring stays = monitor(kept, keptTarget);

    undeploy();
    component(Services.Component.DELETE, page().put("component_id", deleted));
    assertEquals(1L, count("SELECT count(*) FROM probe WHERE component_id = $1", deleted), "nobody heard of it");
    redeploy();

    awaitTrue(() -> count("SELECT count(*) FROM probe WHERE component_id = $1", deleted) == 0);
    assertForgotten(gone);
    assertProbingGoesOn(stays, deletedTarget.requests());
    assertKept(stays);
    // The sweep is work in the durable schedule: the next one is an interval away.
    assertEquals(1L, count("SELECT count(*) FROM scheduled_work WHERE kind = $1 AND due_at > $2",
      DeletedComponents.KIND, Writer.now(clock)));
  }

  @Test
  void theSweepKeepsWhatComponentServiceCannotAnswerAbout() {
    Monitoring watched = monitor(kept, keptTarget);
    String componentService = vertx.deploymentIDs().stream().filter(id -> !id.equals(deploymentId)).findFirst()
      .orElseThrow();
    vertx.undeploy(componentService).await();
    undeploy();
    redeploy();
    // The sweep at start asked and got no answer: all of it stays, and the probe keeps running.
    awaitTrue(() -> count("SELECT count(*) FROM scheduled_work WHERE kind = $1 AND due_at > $2",
      DeletedComponents.KIND, Writer.now(clock)) == 1);
    assertProbingGoesOn(watched, 0);
    vertx.deployVerticle(new ComponentServiceVerticle(config, health, clock)).await();
    assertKept(watched);
  }

  // Helpers

  /** What monitors a component: an HTTP probe that has run, a status rule, a custom metric linked to it. */
  private record Monitoring(String componentId, String probeId, String metricId, ProbeTarget target) {
  }

  private Monitoring monitor(String componentId, ProbeTarget target) {
    call(Services.Uptime.RULE_PUT, page().put("component_id", componentId)
      .put("status_rule", new JsonObject().put("failures_to_outage", 1)));
    String probeId = call(Services.Uptime.PROBE_CREATE, page().put("probe", new JsonObject()
      .put("component_id", componentId).put("type", "http").put("url", target.url("/health")))).getString("id");
    String provider = call(Services.Uptime.PROVIDER_CREATE, page().put("metrics_provider",
      new JsonObject().put("type", "Self"))).getString("id");
    String metricId = call(Services.Uptime.METRIC_CREATE, page().put("metrics_provider_id", provider)
      .put("metric", new JsonObject().put("name", "Queue depth").put("component_id", componentId))).getString("id");
    awaitTrue(() -> count("SELECT count(*) FROM check_result WHERE probe = $1", probeId) == 1);
    awaitTrue(() -> count("SELECT count(*) FROM daily_figure WHERE component_id = $1 AND source = 'probe'",
      componentId) == 1);
    return new Monitoring(componentId, probeId, metricId, target);
  }

  private void assertForgotten(Monitoring m) {
    failure(Services.Uptime.PROBE_GET, page().put("probe_id", m.probeId()), 404);
    failure(Services.Uptime.RULE_GET, page().put("component_id", m.componentId()), 404);
    assertEquals(0L, count("SELECT count(*) FROM scheduled_work WHERE kind = 'probe.run' AND key = $1", m.probeId()));
    JsonObject metric = call(Services.Uptime.METRIC_GET, page().put("metric_id", m.metricId()));
    assertEquals("Queue depth", metric.getString("name"), "the metric stays");
    assertNull(metric.getString("component_id"), "without its component");
    assertEquals(0L, count("SELECT count(*) FROM daily_figure WHERE component_id = $1", m.componentId()));
    assertEquals(0L, count("SELECT count(*) FROM check_result WHERE component_id = $1", m.componentId()));
  }

  private void assertKept(Monitoring m) {
    assertEquals(m.componentId(), call(Services.Uptime.PROBE_GET, page().put("probe_id", m.probeId()))
      .getString("component_id"));
    assertEquals(1, call(Services.Uptime.RULE_GET, page().put("component_id", m.componentId()))
      .getInteger("failures_to_outage"));
    assertEquals(m.componentId(), call(Services.Uptime.METRIC_GET, page().put("metric_id", m.metricId()))
      .getString("component_id"));
    assertEquals(1L, count("SELECT count(*) FROM daily_figure WHERE component_id = $1 AND source = 'probe'",
      m.componentId()));
  }

  /**
   * Three more intervals: the watched probe runs each time (its target counts the requests), while the deleted
   * component's target, at {@code deletedRequests}, hears nothing more.
   */
  private void assertProbingGoesOn(Monitoring watched, int deletedRequests) {
    for (int run = 1; run <= 3; run++) {
      long before = count("SELECT count(*) FROM check_result WHERE probe = $1", watched.probeId());
      clock.advance(Duration.ofSeconds(60));
      awaitTrue(() -> count("SELECT count(*) FROM check_result WHERE probe = $1", watched.probeId()) == before + 1);
    }
    sleep(300);
    assertEquals(deletedRequests, deletedTarget.requests(), "the deleted component's probe never ran again");
  }
}
