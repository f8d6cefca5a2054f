package io.statuspage.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FormBodiesTest {

  private static final JsonObject DOCUMENT = new JsonObject("""
    {"components":{"schemas":{"Fields":{"type":"object","properties":{
      "name":{"type":"string"},"showcase":{"type":"boolean"},"position":{"type":"integer"},
      "description":{"type":["string","null"]},"components":{"type":"array","items":{"type":"string"}}}}}}}
    """);
  private static final JsonObject SCHEMA = new JsonObject("""
    {"type":"object","properties":{"component":{"$ref":"#/components/schemas/Fields"},"description":{"type":"string"}}}
    """);

  private final FormBodies forms = new FormBodies(null, DOCUMENT);

  @Test
  void railsBracketKeysBecomeNestedJsonTypedByTheContract() {
    JsonObject json = forms.toJson("component[name]=Platform+API%21&component[showcase]=true&component[position]=3"
      + "&component[components][]=a&component[components][]=b&description=true", SCHEMA);
    assertEquals(new JsonObject()
      .put("component", new JsonObject().put("name", "Platform API!").put("showcase", true).put("position", 3L)
        .put("components", new JsonArray().add("a").add("b")))
      .put("description", "true"), json, "a string field keeps 'true' as text");
  }

  @Test
  void valuesThatDoNotFitTheirTypeStayTextForTheValidatorToReject() {
    JsonObject json = forms.toJson("component[showcase]=maybe&component[position]=first", SCHEMA);
    assertEquals("maybe", json.getJsonObject("component").getValue("showcase"));
    assertEquals("first", json.getJsonObject("component").getValue("position"));
  }

  @Test
  void malformedKeysAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> forms.toJson("component[name=x", SCHEMA));
    assertThrows(IllegalArgumentException.class, () -> forms.toJson("component[name]=x&component[name][]=y", SCHEMA));
    assertEquals(List.of("a", "b", ""), FormBodies.segments("a[b][]"));
  }
}
