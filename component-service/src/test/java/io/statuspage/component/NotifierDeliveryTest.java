package io.statuspage.component;

import io.statuspage.bus.Services;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every event of the component service reaches the notifier's inbox, in order, and is marked once acknowledged. */
class NotifierDeliveryTest extends ComponentTestBase {

  @Test
  void everyEventReachesTheNotifierInOrder() throws InterruptedException {
    List<JsonObject> inbox = Collections.synchronizedList(new ArrayList<>());
    vertx.eventBus().<JsonObject>consumer(Services.Notifier.INBOX, message -> {
      inbox.add(message.body());
      message.reply(new JsonObject().put("id", message.body().getString("id")).put("duplicate", false));
    }).completion().await();

    String id = createComponent("API").getString("id");
    updateComponent(id, new JsonObject().put("status", "major_outage"));

    // The page's creation found no notifier at start: it is sent again once its retry is due, then the rest.
    List<String> stored = new ArrayList<>();
    for (int i = 0; i < 300 && inbox.size() < 4; i++) {
      Thread.sleep(50);
    }
    sql("SELECT event_id FROM outbox ORDER BY id").forEach(row -> stored.add(row.getUUID(0).toString()));
    assertEquals(4, stored.size());
    assertEquals(stored, inbox.stream().map(e -> e.getString("id")).toList(), "all of them, in outbox order");
    assertEquals(List.of("created", "created", "updated"), inbox.stream()
      .filter(e -> e.getString("type").equals(Services.Component.CHANGED))
      .map(e -> e.getJsonObject("data").getString("action")).toList());
    assertEquals(Services.Component.STATUS_CHANGED, inbox.get(2).getString("type"));
    assertEquals(queryOne("SELECT max(id) FROM outbox").getLong(0), queryOne("SELECT delivered_id FROM "
      + "outbox_consumer WHERE consumer = '" + Services.Notifier.INBOX + "'").getLong(0));
  }
}
