package io.statuspage.bus;

import io.statuspage.api.model.ComponentCreateRequest;
import io.statuspage.api.model.ComponentCreateRequestComponent;
import io.statuspage.api.model.ComponentGroupCreateRequest;
import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.PageRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Requests read into the contract's models: what fits is read, what does not is a 400 naming the field. */
class RequestsTest {

  private static JsonObject create(String key, Object value) {
    return new JsonObject().put("page_id", "page00000001")
      .put("component", new JsonObject().put("name", "API").put(key, value));
  }

  private static ServiceError refused(JsonObject request, Class<?> type) {
    return assertThrows(ServiceError.class, () -> Requests.read(request, type));
  }

  @Test
  void aBodyThatFitsIsReadAndTheParametersBesideItAreLeftOut() {
    ComponentCreateRequestComponent c = Requests.read(create("status", "partial_outage").put("per_page", 3)
      .put("component", new JsonObject().put("name", "API").put("status", "partial_outage")
        .put("start_date", "2024-02-29").putNull("description").put("showcase", true).put("position", 2)),
      ComponentCreateRequest.class).getComponent();

    assertEquals("API", c.getName());
    assertEquals(ComponentStatus.PARTIAL_OUTAGE, c.getStatus());
    assertEquals(LocalDate.of(2024, 2, 29), c.getStartDate());
    assertNull(c.getDescription());
    assertEquals(true, c.getShowcase());
    assertEquals(2, c.getPosition());
  }

  @Test
  void aValueOfTheWrongKindIsA400NamingItsField() {
    record Case(String key, Object value, String detail) {
    }
    for (Case c : List.of(
      new Case("status", "broken", "component.status must be one of operational, under_maintenance, "
        + "degraded_performance, partial_outage, major_outage"),
      new Case("status", 3, "component.status must be one of operational, under_maintenance, "
        + "degraded_performance, partial_outage, major_outage"),
      new Case("name", 5, "component.name must be a string"),
      new Case("name", new JsonObject(), "component.name must be a string"),
      new Case("showcase", "true", "component.showcase must be true or false"),
      new Case("position", "2", "component.position must be an integer"),
      new Case("position", 1.5, "component.position must be an integer"),
      new Case("position", 10_000_000_000L, "component.position must be an integer"),
      new Case("start_date", "yesterday", "component.start_date must be a date (YYYY-MM-DD)"),
      new Case("start_date", 20240131, "component.start_date must be a date (YYYY-MM-DD)"))) {
      ServiceError error = refused(create(c.key(), c.value()), ComponentCreateRequest.class);
      assertEquals(400, error.status(), c.toString());
      assertEquals("component." + c.key(), error.field(), c.toString());
      assertEquals(c.detail(), error.getMessage(), c.toString());
    }
  }

  @Test
  void objectsAndArraysAreNamedToo() {
    ServiceError notAnObject = refused(new JsonObject().put("component", "API"), ComponentCreateRequest.class);
    assertEquals("component", notAnObject.field());
    assertEquals("component must be an object", notAnObject.getMessage());

    ServiceError notIds = refused(new JsonObject().put("component_group", new JsonObject().put("name", "Core")
      .put("components", new JsonArray().add("a").add(new JsonObject()))), ComponentGroupCreateRequest.class);
    assertEquals(400, notIds.status());
    assertEquals("component_group.components", notIds.field());

    ServiceError notAList = refused(new JsonObject().put("component_group", new JsonObject().put("name", "Core")
      .put("components", "a")), ComponentGroupCreateRequest.class);
    assertEquals("component_group.components must be an array", notAList.getMessage());

    ServiceError notAUri = refused(new JsonObject().put("page", new JsonObject().put("url", "http://a b")),
      PageRequest.class);
    assertEquals("page.url must be a URI", notAUri.getMessage());
    assertEquals("page.url must be a URI", refused(new JsonObject().put("page", new JsonObject().put("url", false)),
      PageRequest.class).getMessage());
    assertEquals(URI.create("https://acme.test/status"), Requests.read(new JsonObject().put("page",
      new JsonObject().put("url", "https://acme.test/status")), PageRequest.class).getPage().getUrl());
  }

  @Test
  void aWellFormedDateThatNamesNoDayIsA422() {
    ServiceError error = refused(create("start_date", "2024-02-30"), ComponentCreateRequest.class);
    assertEquals(422, error.status());
    assertEquals("component.start_date", error.field());
    assertEquals("component.start_date is not a valid date (YYYY-MM-DD): 2024-02-30", error.getMessage());
  }

  @Test
  void parametersAreStringsAndRequiredOnesPresent() {
    JsonObject request = new JsonObject().put("page_id", "page00000001").put("component_id", 7).put("blank", " ");
    assertEquals("page00000001", Requests.parameter(request, "page_id"));
    assertNull(Requests.optionalParameter(request, "blank"));
    assertNull(Requests.optionalParameter(request, "missing"));
    assertEquals("component_id must be a string",
      assertThrows(ServiceError.class, () -> Requests.parameter(request, "component_id")).getMessage());
    ServiceError missing = assertThrows(ServiceError.class, () -> Requests.parameter(request, "missing"));
    assertEquals(400, missing.status());
    assertEquals("missing", missing.field());
    assertEquals("missing is required", missing.getMessage());
    assertEquals("ids is required",
      assertThrows(ServiceError.class, () -> Requests.required(List.of(), "ids")).getMessage());
  }
}
