package io.statuspage.gateway.api;

import io.statuspage.bus.ServiceError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  private final FormBodies forms = new FormBodies(DOCUMENT);

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
  void numbersAsJsonWritesThemBecomeNumbersAndOtherTextStaysText() {
    JsonObject schema = new JsonObject("{\"type\":\"object\",\"properties\":{\"data\":{\"type\":\"object\","
      + "\"properties\":{\"value\":{\"type\":\"number\"},\"other\":{\"type\":\"number\"}}}}}");
    JsonObject json = forms.toJson("data[value]=-7.5e2&data[other]=0x10", schema);
    assertEquals(new java.math.BigDecimal("-7.5e2"), json.getJsonObject("data").getValue("value"));
    assertEquals("0x10", json.getJsonObject("data").getValue("other"));
  }

  @Test
  void valuesThatDoNotFitTheirTypeStayTextForTheValidatorToReject() {
    JsonObject json = forms.toJson("component[showcase]=maybe&component[position]=first", SCHEMA);
    assertEquals("maybe", json.getJsonObject("component").getValue("showcase"));
    assertEquals("first", json.getJsonObject("component").getValue("position"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "component[name=x                          | component.name",
    "component[name]=x&component[name][]=y     | component.name",
    "component=x&component[name]=y             | component",
    "component[name]=a&component[name][x]=b    | component.name",
    "component[name]=a&component[name]=b       | component.name",
    "=a                                        | body",
    "%zz=1                                     | body",
    "component[name]=%zz                       | component.name",
    "component[name]=%E9                       | component.name",
    "component[components][][x]=1             | component.components.x",
    "[]=1                                      | body",
    "component[name]x=1                        | component.name.x",
  })
  void formsThatStandForNoJsonObjectAre400sNamingTheKey(String form, String field) {
    ServiceError error = assertThrows(ServiceError.class, () -> forms.toJson(form, SCHEMA));
    assertEquals(400, error.status());
    assertEquals(field, error.field(), error.getMessage());
  }

  @Test
  void keysSplitIntoSegments() {
    assertEquals(List.of("a", "b", ""), FormBodies.segments("a[b][]"));
    assertEquals("component.components", FormBodies.field("component[components][]"));
  }

  @Test
  void rawUnicodeAsCurlSendsItIsText() {
    assertEquals("Café ✓", forms.toJson("component[name]=Café+%E2%9C%93", SCHEMA).getJsonObject("component")
      .getString("name"));
  }
}
