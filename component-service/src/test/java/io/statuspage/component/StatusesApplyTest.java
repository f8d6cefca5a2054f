package io.statuspage.component;

import io.statuspage.bus.Services;
import io.statuspage.bus.messages.StatusesApplied;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code component.statuses.apply}, as incident-service sends it: several statuses in one transaction, with history
 * and events, once per request id, only where the expected status still holds, and nothing at all for a bad id.
 */
class StatusesApplyTest extends ComponentTestBase {

  private String api;
  private String web;
  private String db;

  @BeforeEach
  void components() {
    api = createComponent("API").getString("id");
    web = createComponent("Web").getString("id");
    db = createComponent("Database").getString("id");
    createGroup("Core", db);
  }

  private Future<JsonObject> apply(JsonObject statuses, JsonObject expect, List<String> ids, String requestId) {
    DeliveryOptions options = new DeliveryOptions().addHeader(Services.ACTION, Services.Component.STATUSES_APPLY)
      .addHeader(Services.CALLER, CALLER).setSendTimeout(10_000);
    if (requestId != null) {
      options.addHeader(Services.REQUEST_ID, requestId);
    }
    JsonObject body = page().put("statuses", statuses).put("expect", expect).put("component_ids", new JsonArray(ids))
      .put("actor", "incident:i1");
    return vertx.eventBus().<JsonObject>request(Services.Component.ADDRESS, body, options).map(Message::body);
  }

  private String status(String id) {
    return call(Services.Component.GET, page().put("component_id", id)).getString("status");
  }

  private List<String> history() {
    List<String> rows = new ArrayList<>();
    for (Row row : sql("SELECT component_id, old_status, new_status, actor FROM component_status_change "
      + "WHERE old_status IS NOT NULL ORDER BY id")) {
      rows.add(row.getString(0) + ":" + row.getString(1) + ">" + row.getString(2) + " by " + row.getString(3));
    }
    return rows;
  }

  private long events(String type) {
    return queryOne("SELECT count(*) FROM outbox WHERE type = '" + type + "'").getLong(0);
  }

  private static ReplyException refusal(Future<?> request) {
    return assertThrows(ReplyException.class, request::await);
  }

  @Test
  void setsSeveralStatusesInOneChangeWithHistoryEventsAndTheChangesMade() {
    long changedBefore = events(Services.Component.CHANGED);
    JsonObject reply = apply(new JsonObject().put(db, "major_outage").put(api, "partial_outage"), null,
      List.of(web), "op1").await();

    StatusesApplied applied = reply.mapTo(StatusesApplied.class);
    // Display order: API, Web, then the group Core with Database.
    assertEquals(List.of(api, web, db), applied.components().stream().map(c -> c.getId()).toList());
    assertEquals("partial_outage", applied.components().get(0).getStatus().getValue());
    assertEquals("operational", applied.components().get(1).getStatus().getValue());
    assertEquals(2, applied.changes().size());
    assertEquals(api, applied.changes().get(0).getCode());
    assertEquals("API", applied.changes().get(0).getName());
    assertEquals("operational", applied.changes().get(0).getOldStatus().getValue());
    assertEquals("partial_outage", applied.changes().get(0).getNewStatus().getValue());
    assertEquals("Core - Database", applied.changes().get(1).getName());
    assertEquals("major_outage", applied.changes().get(1).getNewStatus().getValue());

    assertEquals("partial_outage", status(api));
    assertEquals("major_outage", status(db));
    assertEquals("operational", status(web));
    assertEquals(List.of(api + ":operational>partial_outage by incident:i1",
      db + ":operational>major_outage by incident:i1"), history());
    assertEquals(2L, events(Services.Component.STATUS_CHANGED));
    assertEquals(changedBefore + 2, events(Services.Component.CHANGED));
  }

  @Test
  void theSameRequestIdAppliesOnceAndAnswersTheFirstReply() {
    JsonObject first = apply(new JsonObject().put(api, "major_outage"), null, List.of(), "op1").await();
    updateComponent(api, new JsonObject().put("status", "operational"));
    clock.advance(Duration.ofSeconds(30));

    JsonObject again = apply(new JsonObject().put(api, "major_outage"), null, List.of(), "op1").await();

    assertEquals(first.encode(), again.encode(), "the first reply, byte for byte");
    assertEquals("operational", status(api), "not applied again over the later change");
    assertEquals(2, history().size());
    assertEquals(2L, events(Services.Component.STATUS_CHANGED), "one move by the apply, one by the update");
  }

  @Test
  void copiesRacingEachOtherApplyOnce() {
    List<Future<JsonObject>> copies = IntStream.range(0, 5)
      .mapToObj(i -> apply(new JsonObject().put(api, "major_outage"), null, List.of(), "op1")).toList();
    Future.join(copies).await();
    assertEquals(1, copies.stream().map(copy -> copy.result().encode()).distinct().count());
    assertEquals(1, history().size());
  }

  @Test
  void anExpectationNotMetLeavesThatComponentAlone() {
    updateComponent(api, new JsonObject().put("status", "degraded_performance"));
    apply(new JsonObject().put(web, "major_outage"), null, List.of(), "op0").await();

    // A compensation: back to operational, only where the incident's status still holds.
    StatusesApplied reverted = apply(new JsonObject().put(api, "operational").put(web, "operational"),
      new JsonObject().put(api, "major_outage").put(web, "major_outage"), List.of(), "op1:revert").await()
      .mapTo(StatusesApplied.class);

    assertEquals("degraded_performance", status(api), "someone else's change stays");
    assertEquals("operational", status(web));
    assertEquals(List.of(web), reverted.changes().stream().map(c -> c.getCode()).toList());
  }

  @Test
  void anUnknownIdOrAGroupIsRefusedNamingTheInputAndChangesNothing() {
    String group = list(Services.Component.GROUP_LIST, page()).getJsonObject(0).getString("id");
    long outbox = queryOne("SELECT count(*) FROM outbox").getLong(0);

    ReplyException unknown = refusal(apply(new JsonObject().put(api, "major_outage").put("nope", "major_outage"),
      null, List.of(), "op1"));
    assertEquals(422, unknown.failureCode());
    JsonObject problem = new JsonObject(unknown.getMessage());
    assertEquals("incident.components", problem.getString("field"));
    assertEquals("No component with id nope", problem.getString("detail"));

    ReplyException grouped = refusal(apply(new JsonObject().put(group, "major_outage"), null, List.of(), "op2"));
    assertEquals(422, grouped.failureCode());
    assertEquals("incident.components", new JsonObject(grouped.getMessage()).getString("field"));

    ReplyException shown = refusal(apply(new JsonObject().put(api, "major_outage"), null, List.of("nope"), "op3"));
    assertEquals("incident.component_ids", new JsonObject(shown.getMessage()).getString("field"));
    assertEquals(422, refusal(apply(new JsonObject(), null, List.of(group), null)).failureCode());

    assertEquals("operational", status(api));
    assertEquals(List.of(), history());
    assertEquals(outbox, queryOne("SELECT count(*) FROM outbox").getLong(0));
    assertEquals(0L, queryOne("SELECT count(*) FROM handled_request").getLong(0), "a refusal is judged afresh");
  }

  @Test
  void aChangeNeedsARequestIdAndKnownStatuses() {
    ReplyException unkeyed = refusal(apply(new JsonObject().put(api, "major_outage"), null, List.of(), null));
    assertEquals(400, unkeyed.failureCode());
    assertEquals(Services.REQUEST_ID, new JsonObject(unkeyed.getMessage()).getString("field"));

    ReplyException bad = refusal(apply(new JsonObject().put(api, "down"), null, List.of(), "op1"));
    assertEquals(400, bad.failureCode());
    assertEquals("statuses." + api, new JsonObject(bad.getMessage()).getString("field"));
    assertEquals("operational", status(api));
  }

  @Test
  void withNoStatusesItReadsTheNamedComponentsAndWritesNothing() {
    updateComponent(db, new JsonObject().put("status", "under_maintenance"));
    StatusesApplied read = apply(new JsonObject(), null, List.of(db, api), null).await()
      .mapTo(StatusesApplied.class);
    assertEquals(List.of(api, db), read.components().stream().map(c -> c.getId()).toList());
    assertEquals("under_maintenance", read.components().get(1).getStatus().getValue());
    assertEquals(List.of(), read.changes());
    assertEquals(0L, queryOne("SELECT count(*) FROM handled_request").getLong(0));
  }
}
