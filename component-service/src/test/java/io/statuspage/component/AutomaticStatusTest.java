package io.statuspage.component;

import io.statuspage.bus.Services;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Automation sets statuses with a reason; a status a person set holds until a person clears it. */
class AutomaticStatusTest extends ComponentTestBase {

  private String api;

  @BeforeEach
  void component() {
    api = createComponent("API").getString("id");
  }

  private Future<JsonObject> automatic(String status, String reason, String requestId) {
    DeliveryOptions options = new DeliveryOptions().addHeader(Services.ACTION, Services.Component.STATUS_AUTOMATIC)
      .setSendTimeout(10_000);
    if (requestId != null) {
      options.addHeader(Services.REQUEST_ID, requestId);
    }
    JsonObject body = page().put("component_id", api).put("status", status).put("reason", reason)
      .put("source", "probe:p1");
    return vertx.eventBus().<JsonObject>request(Services.Component.ADDRESS, body, options).map(Message::body);
  }

  private JsonObject get() {
    return call(Services.Component.GET, page().put("component_id", api));
  }

  private JsonArray history() {
    return list(Services.Component.HISTORY, page().put("component_id", api));
  }

  @Test
  void anAutomaticChangeIsRecordedWithItsReasonAndAnnounced() {
    JsonObject reply = automatic("major_outage", "3 consecutive failures: HTTP 500", "r1").await();
    assertEquals("changed", reply.getString("outcome"));
    assertEquals("major_outage", reply.getString("status"));
    assertEquals("major_outage", get().getString("status"));
    assertEquals(false, get().getBoolean("automation_hold"), "automation does not hold");
    JsonObject change = history().getJsonObject(0);
    assertEquals("major_outage", change.getString("new_status"));
    assertEquals("automation:probe:p1", change.getString("actor"));
    assertEquals("3 consecutive failures: HTTP 500", change.getString("reason"));
    assertNull(history().getJsonObject(1).getString("reason"), "a person's creation has no reason");
    assertEquals(1L, queryOne("SELECT count(*) FROM outbox WHERE type = 'component.status-changed'").getLong(0));

    // The same request again: the first reply, nothing more.
    assertEquals(reply, automatic("major_outage", "3 consecutive failures: HTTP 500", "r1").await());
    assertEquals(2, history().size());
    assertEquals("unchanged", automatic("major_outage", "again", "r2").await().getString("outcome"));
    assertEquals(2, history().size());
  }

  @Test
  void aStatusAPersonSetHoldsUntilAPersonSetsOperational() {
    JsonObject patched = updateComponent(api, new JsonObject().put("status", "partial_outage"));
    assertEquals(true, patched.getBoolean("automation_hold"));

    JsonObject reply = automatic("operational", "2 consecutive passes", "r1").await();
    assertEquals("held", reply.getString("outcome"));
    assertEquals("partial_outage", reply.getString("status"));
    assertEquals("partial_outage", get().getString("status"));
    assertEquals(2, history().size(), "nothing recorded as a change");
    // Recorded as skipped, once however often automation asks.
    automatic("operational", "3 consecutive passes", "r2").await();
    List<Row> skips = sqlRows("SELECT held_status, requested_status, reason, source FROM automatic_status_skip");
    assertEquals(1, skips.size());
    assertEquals("partial_outage", skips.get(0).getString(0));
    assertEquals("operational", skips.get(0).getString(1));
    assertEquals("2 consecutive passes", skips.get(0).getString(2));
    assertEquals("probe:p1", skips.get(0).getString(3));

    // A person sets operational: the hold is gone, automation acts again.
    assertEquals(false, updateComponent(api, new JsonObject().put("status", "operational"))
      .getBoolean("automation_hold"));
    assertEquals("changed", automatic("major_outage", "3 consecutive failures", "r3").await().getString("outcome"));
    assertEquals("major_outage", get().getString("status"));
  }

  @Test
  void theHoldCanBeClearedOrSetExplicitly() {
    updateComponent(api, new JsonObject().put("status", "degraded_performance"));
    assertEquals(false, updateComponent(api, new JsonObject().put("automation_hold", false))
      .getBoolean("automation_hold"));
    assertEquals("degraded_performance", get().getString("status"), "clearing the hold keeps the status");
    assertEquals("changed", automatic("operational", "2 consecutive passes", "r1").await().getString("outcome"));

    updateComponent(api, new JsonObject().put("automation_hold", true));
    assertEquals("held", automatic("major_outage", "3 consecutive failures", "r2").await().getString("outcome"));
    assertEquals("operational", get().getString("status"));
  }

  @Test
  void anIncidentsComponentChangeHoldsToo() {
    DeliveryOptions options = new DeliveryOptions().addHeader(Services.ACTION, Services.Component.STATUSES_APPLY)
      .addHeader(Services.REQUEST_ID, "inc-1").setSendTimeout(10_000);
    vertx.eventBus().request(Services.Component.ADDRESS, page().put("statuses", new JsonObject().put(api,
      "major_outage")).put("actor", "key:ops"), options).await();
    assertTrue(get().getBoolean("automation_hold"));
    assertEquals("held", automatic("operational", "2 consecutive passes", "r1").await().getString("outcome"));
    // The incident resolves its component: released.
    vertx.eventBus().request(Services.Component.ADDRESS, page().put("statuses", new JsonObject().put(api,
      "operational")).put("actor", "key:ops"), new DeliveryOptions()
      .addHeader(Services.ACTION, Services.Component.STATUSES_APPLY).addHeader(Services.REQUEST_ID, "inc-2")).await();
    assertFalse(get().getBoolean("automation_hold"));
  }

  @Test
  void aComponentCreatedWithAnOutageIsHeld() {
    String down = createComponent(new JsonObject().put("name", "Queue").put("status", "major_outage")).getString("id");
    assertEquals(true, call(Services.Component.GET, page().put("component_id", down)).getBoolean("automation_hold"));
    assertEquals(false, get().getBoolean("automation_hold"), "created operational: not held");
  }

  @Test
  void aRequestWithoutIdOrReasonIsRefusedAndChangesNothing() {
    ReplyException noId = assertThrows(ReplyException.class, () -> automatic("major_outage", "x", null).await());
    assertEquals(400, noId.failureCode());
    ReplyException noReason = assertThrows(ReplyException.class, () -> automatic("major_outage", null, "r1").await());
    assertEquals(400, noReason.failureCode());
    ReplyException badStatus = assertThrows(ReplyException.class, () -> automatic("down", "x", "r2").await());
    assertEquals(400, badStatus.failureCode());
    assertEquals("operational", get().getString("status"));
  }

  private List<Row> sqlRows(String query) {
    List<Row> rows = new java.util.ArrayList<>();
    sql(query).forEach(rows::add);
    return rows;
  }
}
