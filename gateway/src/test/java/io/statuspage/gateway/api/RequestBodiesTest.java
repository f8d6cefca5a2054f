package io.statuspage.gateway.api;

import io.statuspage.bus.ServiceError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestBodiesTest {

  private static final JsonObject SCHEMA = new JsonObject("""
    {"type":"object","properties":{"component":{"type":"object","properties":{"name":{"type":"string"},
      "showcase":{"type":"boolean"}}}}}
    """);
  private final RequestBodies bodies = new RequestBodies(new JsonObject());

  private Buffer json(String type, String body) {
    return bodies.toJson(type, Buffer.buffer(body), SCHEMA);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "APPLICATION/JSON", "application/json; charset=utf-8",
    "Application/Json;Charset=\"UTF-8\"", "application/json ; foo=bar"})
  void mediaTypesAndTheirParametersAreCaseInsensitive(String type) {
    assertEquals(new JsonObject().put("a", 1), new JsonObject(json(type, "{\"a\":1}")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/json, text/plain", "application/json; charset=latin1",
    "application/xml", ";;;", "*/*", "application/jsonx", " "})
  void otherMediaTypesAre415(String type) {
    ServiceError error = assertThrows(ServiceError.class, () -> json(type, "{}"));
    assertEquals(415, error.status());
    assertEquals("Content-Type", error.field());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "{/* c */\"a\":1}            | body",
    "{\"a\":1,}                  | body",
    "{'a':1}                     | body",
    "{\"a\":1}{\"b\":2}          | body",
    "{\"a\":1,\"a\":2}           | body",
    "{\"a\":NaN}                 | body",
    "{\"a\":\"x\\u0000y\"}       | a",
    "{\"a\":{\"b\":\"\\ud800\"}} | a.b",
  })
  void jsonIsReadStrictly(String body, String field) {
    ServiceError error = assertThrows(ServiceError.class, () -> json("application/json", body));
    assertEquals(400, error.status());
    assertEquals(field, error.field(), error.getMessage());
  }

  @Test
  void malformedUtf8IsRefusedNotReplaced() {
    byte[] bytes = "{\"a\":\"caf\"}".getBytes(StandardCharsets.UTF_8);
    bytes[8] = (byte) 0xC3;
    ServiceError error = assertThrows(ServiceError.class,
      () -> bodies.toJson("application/json", Buffer.buffer(bytes), SCHEMA));
    assertEquals("body", error.field());
  }

  @Test
  void nestingDeeperThanAnyBodyIsRefused() {
    ServiceError error = assertThrows(ServiceError.class,
      () -> json("application/json", "[".repeat(100) + "]".repeat(100)));
    assertEquals(400, error.status());
  }

  @Test
  void aByteOrderMarkIsIgnoredAndAnEmptyBodyIsNone() {
    assertEquals(new JsonObject().put("a", 1), new JsonObject(json("application/json", "\uFEFF{\"a\":1}")));
    assertNull(json("application/json", ""));
    assertNull(bodies.toJson(null, Buffer.buffer(), SCHEMA));
  }

  @Test
  void formsBecomeTypedJson() {
    assertEquals(new JsonObject().put("component", new JsonObject().put("name", "A B").put("showcase", true)),
      new JsonObject(json("application/x-www-form-urlencoded; charset=UTF-8", "component[name]=A+B&component[showcase]=true")));
  }
}
