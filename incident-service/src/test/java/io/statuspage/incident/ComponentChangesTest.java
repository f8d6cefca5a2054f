package io.statuspage.incident;

import io.statuspage.api.model.ComponentStatus;
import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.statuspage.bus.messages.StatusesApplied;
import io.statuspage.component.ComponentServiceVerticle;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Database;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.ServiceTestBase;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link ComponentChanges} against the real component-service verticle on the same event bus, each service on its
 * own fresh PostgreSQL database: the components' statuses and the incident (a row of a stand-in table, written in
 * the commit's transaction) appear together, or neither does, whether component-service refuses, answers late, is
 * away, or the incident's commit fails.
 */
class ComponentChangesTest extends ServiceTestBase {

  private static final Duration TIMEOUT = Duration.ofMillis(400);

  private Pool incidents;
  private ComponentChanges changes;
  private String pageId;
  private String api;
  private String web;
  private String database;

  ComponentChangesTest() {
    super(Services.Component.ADDRESS, "component");
  }

  @Override
  protected Deployable service(Config config, Health health, Clock clock) {
    return new ComponentServiceVerticle(config, health, clock);
  }

  @BeforeEach
  void incidentService() {
    Config incidentConfig = Config.of(TestDatabase.config(TestDatabase.fresh()));
    incidents = Database.open(vertx, incidentConfig, "incident", 4).await();
    incidents.query("CREATE TABLE incident_stand_in (id text PRIMARY KEY)").execute().await();
    changes = ComponentChanges.create(vertx, incidents, clock).timeout(TIMEOUT);
    pageId = call(Services.Component.PAGE_GET, new JsonObject()).getString("id");
    api = create("API");
    web = create("Web");
    database = create("Database");
    call(Services.Component.GROUP_CREATE, page().put("component_group",
      new JsonObject().put("name", "Core").put("components", List.of(database))));
  }

  private JsonObject page() {
    return new JsonObject().put("page_id", pageId);
  }

  private String create(String name) {
    return call(Services.Component.CREATE, page().put("component", new JsonObject().put("name", name)))
      .getString("id");
  }

  private String status(String id) {
    return call(Services.Component.GET, page().put("component_id", id)).getString("status");
  }

  private void setStatus(String id, String status) {
    call(Services.Component.UPDATE, page().put("component_id", id).put("component",
      new JsonObject().put("status", status)));
  }

  /** Status moves recorded by component-service (creations left out), oldest first. */
  private List<String> history() {
    List<String> moves = new ArrayList<>();
    for (Row row : sql("SELECT component_id, old_status, new_status FROM component_status_change "
      + "WHERE old_status IS NOT NULL ORDER BY id")) {
      moves.add(row.getString(0) + ":" + row.getString(1) + ">" + row.getString(2));
    }
    return moves;
  }

  private String intent(String opId) {
    var rows = incidents.preparedQuery("SELECT state FROM component_change WHERE op_id = $1")
      .execute(Tuple.of(opId)).await();
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }

  private long incidentsStored() {
    return incidents.query("SELECT count(*) FROM incident_stand_in").execute().await().iterator().next().getLong(0);
  }

  private static Map<String, ComponentStatus> statuses(Object... idsAndStatuses) {
    Map<String, ComponentStatus> map = new LinkedHashMap<>();
    for (int i = 0; i < idsAndStatuses.length; i += 2) {
      map.put((String) idsAndStatuses[i], (ComponentStatus) idsAndStatuses[i + 1]);
    }
    return map;
  }

  /** The incident's own transaction: settles the intent and stores the incident. */
  private Future<StatusesApplied> commitIncident(String opId, StatusesApplied applied) {
    return incidents.withTransaction(tx -> changes.settle(tx, opId)
      .compose(settled -> tx.preparedQuery("INSERT INTO incident_stand_in (id) VALUES ($1)").execute(Tuple.of(opId)))
      .map(applied));
  }

  private Future<StatusesApplied> apply(String opId, Map<String, ComponentStatus> statuses) {
    return changes.apply(pageId, opId, statuses, List.of(), "incident:" + opId, a -> commitIncident(opId, a));
  }

  /**
   * Holds back or drops requests to component-service, as a slow network, a long pause or a partition would:
   * {@code fate} is given each request's id and how many with that id came before, and answers null (deliver),
   * a negative number (drop: the sender times out) or a delay in milliseconds.
   */
  private void intercept(BiFunction<String, Integer, Long> fate) {
    Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
    vertx.eventBus().addInboundInterceptor((DeliveryContext<Object> delivery) -> {
      String requestId = delivery.message().headers().get(Services.REQUEST_ID);
      if (!Services.Component.ADDRESS.equals(delivery.message().address()) || requestId == null) {
        delivery.next();
        return;
      }
      Long delay = fate.apply(requestId, sent.computeIfAbsent(requestId, id -> new AtomicInteger()).getAndIncrement());
      if (delay == null) {
        delivery.next();
      } else if (delay >= 0) {
        vertx.setTimer(Math.max(1, delay), id -> delivery.next());
      }
    });
  }

  private void sleep(Duration duration) {
    Promise<Void> slept = Promise.promise();
    vertx.setTimer(duration.toMillis(), id -> slept.complete());
    slept.future().await();
  }

  private static ServiceError failure(Future<?> future) {
    return assertThrows(ServiceError.class, future::await);
  }

  @Test
  void appliedAndCommittedTogetherWithTheChangesMade() {
    StatusesApplied applied = changes.apply(pageId, "op1",
        statuses(api, ComponentStatus.MAJOR_OUTAGE, database, ComponentStatus.PARTIAL_OUTAGE), List.of(web), "key:ops",
        a -> commitIncident("op1", a))
      .await();

    assertEquals(List.of(api, web, database), applied.components().stream().map(c -> c.getId()).toList());
    assertEquals(2, applied.changes().size());
    assertEquals("API", applied.changes().get(0).getName());
    assertEquals(ComponentStatus.OPERATIONAL, applied.changes().get(0).getOldStatus());
    assertEquals(ComponentStatus.MAJOR_OUTAGE, applied.changes().get(0).getNewStatus());
    assertEquals("Core - Database", applied.changes().get(1).getName());
    assertEquals(ComponentStatus.PARTIAL_OUTAGE, applied.changes().get(1).getNewStatus());

    assertEquals("major_outage", status(api));
    assertEquals("partial_outage", status(database));
    assertEquals("operational", status(web));
    assertEquals(List.of(api + ":operational>major_outage", database + ":operational>partial_outage"), history());
    assertEquals("key:ops", queryOne("SELECT actor FROM component_status_change WHERE component_id = '" + api
      + "' ORDER BY id DESC LIMIT 1").getString(0));
    assertEquals("applied", intent("op1"));
    assertEquals(1L, incidentsStored());
    assertEquals(0, changes.recover().await(), "nothing left to recover");
  }

  @Test
  void aRefusalChangesNothingLeavesNoIntentAndNamesTheField() {
    AtomicBoolean committed = new AtomicBoolean();
    ServiceError refused = failure(changes.apply(pageId, "op1",
      statuses(api, ComponentStatus.MAJOR_OUTAGE, "nope", ComponentStatus.MAJOR_OUTAGE), List.of(), null, a -> {
        committed.set(true);
        return Future.succeededFuture(a);
      }));

    assertEquals(422, refused.status());
    assertEquals("incident.components", refused.field());
    assertEquals("No component with id nope", refused.getMessage());
    assertFalse(committed.get(), "no commit without the change");
    assertEquals("operational", status(api));
    assertEquals(List.of(), history());
    assertEquals(null, intent("op1"));
  }

  @Test
  void aFailedCommitRevertsTheComponentsAndAnswers503() {
    ServiceError failed = failure(changes.apply(pageId, "op1",
      statuses(api, ComponentStatus.MAJOR_OUTAGE, database, ComponentStatus.UNDER_MAINTENANCE), List.of(), null, a -> {
        throw new IllegalStateException("the incident's transaction broke");
      }));

    assertEquals(503, failed.status());
    assertEquals("operational", status(api));
    assertEquals("operational", status(database));
    assertEquals(List.of(api + ":operational>major_outage", database + ":operational>under_maintenance",
      api + ":major_outage>operational", database + ":under_maintenance>operational"), history());
    assertEquals("reverted", intent("op1"));
    assertEquals(0L, incidentsStored());
  }

  @Test
  void aCommitRefusingItsOwnInputIsReportedAsSuchAfterTheRevert() {
    ServiceError failed = failure(changes.apply(pageId, "op1", statuses(api, ComponentStatus.MAJOR_OUTAGE),
      List.of(), null, a -> Future.failedFuture(ServiceError.unprocessable("incident.name", "name is required"))));

    assertEquals(422, failed.status());
    assertEquals("incident.name", failed.field());
    assertEquals("operational", status(api));
    assertEquals("reverted", intent("op1"));
  }

  @Test
  void aChangeBySomeoneElseBeforeTheCompensationIsNotOverwritten() {
    ServiceError failed = failure(changes.apply(pageId, "op1",
      statuses(api, ComponentStatus.MAJOR_OUTAGE, web, ComponentStatus.MAJOR_OUTAGE), List.of(), null, a -> {
        // An operator moves API meanwhile; then the incident's commit fails.
        return request(Services.Component.UPDATE, page().put("component_id", api).put("component",
          new JsonObject().put("status", "degraded_performance")))
          .compose(updated -> Future.failedFuture(new IllegalStateException("lost the database")));
      }));

    assertEquals(503, failed.status());
    assertEquals("degraded_performance", status(api), "the operator's later status stays");
    assertEquals("operational", status(web));
    assertEquals("reverted", intent("op1"));
  }

  @Test
  void anApplyArrivingAfterTheTimeoutIsFencedAndChangesNothing() {
    // The original is held back; the compensation's fence (same id) arrives first and takes the id.
    intercept((id, before) -> id.equals("op1") && before == 0 ? 1500L : null);
    AtomicBoolean committed = new AtomicBoolean();
    ServiceError failed = failure(changes.apply(pageId, "op1", statuses(api, ComponentStatus.MAJOR_OUTAGE),
      List.of(), null, a -> {
        committed.set(true);
        return Future.succeededFuture(a);
      }));

    assertEquals(503, failed.status());
    assertFalse(committed.get());
    // Long after the held-back original has arrived: deduped on its id, it changed nothing.
    sleep(Duration.ofMillis(3500));
    assertEquals("operational", status(api));
    assertEquals(List.of(), history());
    assertEquals("reverted", intent("op1"));
    assertEquals(0L, incidentsStored());
    assertEquals(1L, queryOne("SELECT count(*) FROM handled_request WHERE request_id = 'op1'").getLong(0));
  }

  @Test
  void whenTheCompensationCannotGetThroughRecoveryRevertsTheLateApplyAfterTheGracePeriod() {
    AtomicBoolean cut = new AtomicBoolean(true);
    // The original arrives late and is applied; the compensation is lost until the partition ends.
    intercept((id, before) -> id.equals("op1") && before == 0 ? Long.valueOf(700) : cut.get() ? -1L : null);
    ServiceError failed = failure(apply("op1", statuses(api, ComponentStatus.MAJOR_OUTAGE)));
    assertEquals(503, failed.status());
    assertEquals("pending", intent("op1"), "left for recovery");

    sleep(Duration.ofMillis(1500));
    assertEquals("major_outage", status(api), "applied late, not yet compensated");

    cut.set(false);
    assertEquals(0, changes.recover().await(), "not within the grace period: it may still be under way");
    clock.advance(ComponentChanges.GRACE.plusSeconds(1));
    assertEquals(1, changes.recover().await());

    assertEquals("operational", status(api));
    assertEquals("reverted", intent("op1"));
    assertEquals(List.of(api + ":operational>major_outage", api + ":major_outage>operational"), history());
    // An incident transaction still running would now roll back.
    ServiceError late = failure(incidents.withTransaction(tx -> changes.settle(tx, "op1")));
    assertEquals(503, late.status());
    assertEquals(0, changes.recover().await());
  }

  @Test
  void whileComponentServiceIsAwayNothingChangesAndRecoveryFencesTheIntentWhenItIsBack() {
    undeploy();
    ServiceError failed = failure(apply("op1", statuses(api, ComponentStatus.MAJOR_OUTAGE)));
    assertEquals(503, failed.status());
    assertEquals("pending", intent("op1"));
    clock.advance(ComponentChanges.GRACE.plusSeconds(1));
    assertThrows(Exception.class, () -> changes.recover().await(), "still away: tried again later");
    assertEquals("pending", intent("op1"));

    redeploy();
    assertEquals(1, changes.recover().await());
    assertEquals("reverted", intent("op1"));
    assertEquals("operational", status(api));
    assertEquals(List.of(), history());
    assertEquals(0L, incidentsStored());

    // The same change again, with a new op id, goes through.
    apply("op2", statuses(api, ComponentStatus.MAJOR_OUTAGE)).await();
    assertEquals("major_outage", status(api));
    assertEquals("applied", intent("op2"));
  }

  @Test
  void withoutStatusesItOnlyReadsTheComponentsAndKeepsNoIntent() {
    setStatus(database, "major_outage");
    // The incident's commit settles as always: with no intent there is nothing to settle, and that is no failure.
    StatusesApplied read = changes.apply(pageId, "op1", Map.of(), List.of(database, api), null,
      applied -> commitIncident("op1", applied)).await();
    assertEquals(List.of(api, database), read.components().stream().map(c -> c.getId()).toList());
    assertEquals(ComponentStatus.MAJOR_OUTAGE, read.components().get(1).getStatus());
    assertEquals(List.of(), read.changes());
    assertEquals(null, intent("op1"));

    ServiceError unknown = failure(changes.apply(pageId, "op2", Map.of(), List.of("nope"), null,
      Future::succeededFuture));
    assertEquals("incident.component_ids", unknown.field());
  }

  @Test
  void settledIntentsArePrunedAfterAWeek() {
    apply("op1", statuses(api, ComponentStatus.MAJOR_OUTAGE)).await();
    assertEquals(0, changes.prune().await());
    clock.advance(ComponentChanges.KEEP.plusSeconds(1));
    assertEquals(1, changes.prune().await());
    assertEquals(null, intent("op1"));
  }
}
