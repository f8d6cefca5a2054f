package io.statuspage.component;

import io.statuspage.bus.Services;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PageActionsTest extends ComponentTestBase {

  @Test
  void getReturnsTheBootstrappedPage() {
    JsonObject expected = new JsonObject()
      .put("id", "page00000001")
      .put("name", "Acme")
      .put("page_description", null)
      .put("url", "http://localhost:8080")
      .put("time_zone", "Etc/UTC")
      .put("created_at", T0_TEXT)
      .put("updated_at", T0_TEXT);
    assertEquals(expected, call(Services.Component.PAGE_GET, new JsonObject()));
    assertEquals(expected, call(Services.Component.PAGE_GET, page()));
    failure(Services.Component.PAGE_GET, new JsonObject().put("page_id", "nosuchpage12"), 404);
  }

  @Test
  void updateChangesThePageAndItsTimeZone() {
    String component = createComponent("API").getString("id");
    clock.advance(Duration.ofMinutes(1));

    JsonObject updated = call(Services.Component.PAGE_UPDATE, page().put("page", new JsonObject()
      .put("name", "Acme Status").put("page_description", "All of Acme").put("time_zone", "America/New_York")));

    assertEquals("Acme Status", updated.getString("name"));
    assertEquals("All of Acme", updated.getString("page_description"));
    assertEquals("http://localhost:8080", updated.getString("url"));
    assertEquals("America/New_York", updated.getString("time_zone"));
    // Timestamps are shown in the page's zone: EDT in September.
    assertEquals("2024-09-16T17:31:02.719-04:00", updated.getString("created_at"));
    assertEquals("2024-09-16T17:32:02.719-04:00", updated.getString("updated_at"));
    assertEquals("2024-09-16T17:31:02.719-04:00",
      call(Services.Component.GET, page().put("component_id", component)).getString("created_at"));
    assertEquals(updated, call(Services.Component.PAGE_GET, page()));
  }

  @Test
  void anUnknownTimeZoneIsRejected() {
    JsonObject problem = failure(Services.Component.PAGE_UPDATE,
      page().put("page", new JsonObject().put("name", "Renamed").put("time_zone", "Mars/Olympus_Mons")), 422);

    assertEquals("page.time_zone", problem.getString("field"));
    assertEquals("Acme", call(Services.Component.PAGE_GET, page()).getString("name"));
    failure(Services.Component.PAGE_UPDATE, new JsonObject().put("page_id", "nosuchpage12")
      .put("page", new JsonObject().put("name", "X")), 404);
  }

  @Test
  void anEmptyPageIsOperational() {
    JsonObject snapshot = snapshot();

    assertEquals(new JsonObject().put("indicator", "none").put("description", "All Systems Operational"),
      snapshot.getJsonObject("status"));
    assertEquals(0, snapshot.getJsonArray("components").size());
    assertEquals(T0_TEXT, snapshot.getJsonObject("page").getString("updated_at"));
  }
}
