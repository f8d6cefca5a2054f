package io.statuspage.component;

import io.statuspage.bus.Services;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Creates with a request id ({@link Services#REQUEST_ID}), as the gateway sends a keyed write and sends it again
 * after a timeout: one component however often it arrives, and the first reply each time.
 */
class KeyedCreatesTest extends ComponentTestBase {

  private Future<JsonObject> keyed(String action, JsonObject body, String requestId) {
    return vertx.eventBus().<JsonObject>request(Services.Component.ADDRESS, body, new DeliveryOptions()
        .addHeader(Services.ACTION, action).addHeader(Services.CALLER, CALLER)
        .addHeader(Services.REQUEST_ID, requestId).setSendTimeout(10_000))
      .map(Message::body);
  }

  private Future<JsonObject> keyedCreate(String name, String requestId) {
    return keyed(Services.Component.CREATE, page().put("component", new JsonObject().put("name", name)), requestId);
  }

  private int components() {
    return list(Services.Component.LIST, page()).size();
  }

  private long created(String kind) {
    return queryOne("SELECT count(*) FROM outbox WHERE payload->>'action' = 'created' "
      + "AND payload->>'kind' = '" + kind + "'").getLong(0);
  }

  @Test
  void aCreateSentAgainAfterCommitReturnsTheFirstComponentAndCreatesNothing() {
    JsonObject first = keyedCreate("API", "r1").await();
    clock.advance(Duration.ofSeconds(30));

    JsonObject again = keyedCreate("API", "r1").await();

    assertEquals(first.encode(), again.encode(), "the first reply, byte for byte");
    assertEquals(1, components());
    assertEquals(1L, created("component"), "one event: announced and notified once");
    assertEquals(1L, queryOne("SELECT count(*) FROM handled_request").getLong(0));
    assertNotEquals(first.getString("id"), keyedCreate("API", "r2").await().getString("id"), "another id creates");
    assertNotEquals(first.getString("id"), createComponent("API").getString("id"), "so does no id");
    assertEquals(3, components());
  }

  @Test
  void copiesRacingEachOtherCreateOnceAndAllGetTheFirstReply() {
    List<Future<JsonObject>> copies = IntStream.range(0, 6).mapToObj(i -> keyedCreate("API", "r1")).toList();
    Future.join(copies).await();

    assertEquals(1, copies.stream().map(copy -> copy.result().encode()).distinct().count());
    assertEquals(1, components());
    assertEquals(1L, created("component"));
  }

  @Test
  void aGroupCreateIsKeyedToo() {
    String a = createComponent("API").getString("id");
    String b = createComponent("Web").getString("id");
    JsonObject body = page().put("component_group", new JsonObject().put("name", "Core")
      .put("components", new JsonArray().add(a).add(b)));

    JsonObject first = keyed(Services.Component.GROUP_CREATE, body, "g1").await();
    JsonObject again = keyed(Services.Component.GROUP_CREATE, body, "g1").await();

    assertEquals(first.encode(), again.encode());
    assertEquals(1, list(Services.Component.GROUP_LIST, page()).size());
    assertEquals(1L, created("group"));
  }

  @Test
  void aRefusedCreateLeavesNoRecordSoItsRetryIsJudgedAfresh() {
    JsonObject body = page().put("component", new JsonObject().put("name", "API").put("group_id", "nope"));
    for (int attempt = 0; attempt < 2; attempt++) {
      ReplyException refused = assertThrows(ReplyException.class,
        () -> keyed(Services.Component.CREATE, body, "r1").await());
      assertEquals(422, refused.failureCode());
    }
    assertEquals(0L, queryOne("SELECT count(*) FROM handled_request").getLong(0), "rolled back with the change");
    assertEquals(0, components());
  }
}
