package io.statuspage.component;

import io.statuspage.api.model.Component;
import io.statuspage.api.model.ComponentStatus;
import io.statuspage.bus.Services;
import io.statuspage.bus.messages.ComponentChanged;
import io.statuspage.bus.messages.ComponentStatusChanged;
import io.statuspage.bus.messages.Event;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class OutboxEventsTest extends ComponentTestBase {

  @Test
  void aStatusChangeIsPublishedAndMarked() throws Exception {
    String id = createComponent("API").getString("id");
    Promise<JsonObject> statusChanged = Promise.promise();
    Promise<JsonObject> changed = Promise.promise();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Services.Component.EVENTS, message -> {
      JsonObject event = message.body();
      JsonObject data = event.getJsonObject("data");
      if (event.getString("type").equals(Services.Component.STATUS_CHANGED)) {
        statusChanged.tryComplete(event);
      } else if (data.getString("action").equals("updated")) {
        changed.tryComplete(event);
      }
    });
    consumer.completion().await();

    JsonObject component = updateComponent(id, new JsonObject().put("status", "major_outage"));

    // The outbox timer fires every 5 s; the kick after commit must deliver well before that.
    JsonObject event = statusChanged.future().await(3, TimeUnit.SECONDS);
    assertEquals(4, event.size());
    UUID.fromString(event.getString("id"));
    assertNotNull(event.getString("occurred_at"));
    assertEquals(new JsonObject()
      .put("page_id", pageId)
      .put("component", component)
      .put("old_status", "operational")
      .put("new_status", "major_outage")
      .put("actor", "key:test"), event.getJsonObject("data"));
    JsonObject changedEvent = changed.future().await(3, TimeUnit.SECONDS);
    assertEquals(new JsonObject().put("page_id", pageId).put("kind", "component").put("id", id)
      .put("action", "updated"), changedEvent.getJsonObject("data"));

    // As a consumer reads them: the envelope, then its data, into their records.
    ComponentStatusChanged typed = event.mapTo(Event.class).data(ComponentStatusChanged.class);
    assertEquals(new ComponentStatusChanged(pageId, call(Services.Component.GET, page().put("component_id", id))
      .mapTo(Component.class), ComponentStatus.OPERATIONAL, ComponentStatus.MAJOR_OUTAGE, "key:test"), typed);
    assertEquals(new ComponentChanged(pageId, ComponentChanged.Kind.COMPONENT, id, ComponentChanged.Action.UPDATED),
      changedEvent.mapTo(Event.class).data(ComponentChanged.class));

    long unpublished = -1;
    for (int i = 0; i < 50 && unpublished != 0; i++) {
      unpublished = queryOne("SELECT count(*) FROM outbox WHERE published_at IS NULL").getLong(0);
      Thread.sleep(unpublished == 0 ? 0 : 50);
    }
    assertEquals(0L, unpublished);
    assertEquals(1L, queryOne("SELECT count(*) FROM outbox WHERE type = 'component.status-changed' "
      + "AND published_at IS NOT NULL").getLong(0));
  }
}
