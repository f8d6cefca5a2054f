package io.statuspage.gateway.api;

import io.statuspage.bus.ServiceError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Statuspage's v1 API also takes {@code application/x-www-form-urlencoded} bodies with Rails bracket keys
 * ({@code component[status]=major_outage}, {@code component_group[components][]=id}), and its own documentation's
 * curl examples use them. vertx-openapi 5.0 validates only JSON bodies, so such a body is rewritten here, before
 * validation, into the JSON it stands for: values take the types the contract gives their fields, and the contract
 * then validates it like any JSON body.
 */
public final class FormBodies {

  private static final String FORM = "application/x-www-form-urlencoded";

  private final OpenAPIContract contract;
  private final JsonObject document;

  /**
   * @param contract the router's contract, to find the operation
   * @param document the contract as JSON, for the body schema of each operation
   */
  public FormBodies(OpenAPIContract contract, JsonObject document) {
    this.contract = contract;
    this.document = document;
  }

  /** A root handler of the contract's routes; must come after the body handler. */
  public void handle(RoutingContext rc) {
    String type = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(FORM)) {
      rc.next();
      return;
    }
    Operation operation = contract.findOperation(rc.normalizedPath(), rc.request().method());
    if (operation == null) {
      rc.next();
      return;
    }
    JsonObject schema = document.getJsonObject("paths", new JsonObject())
      .getJsonObject(operation.getOpenAPIPath(), new JsonObject())
      .getJsonObject(rc.request().method().name().toLowerCase(Locale.ROOT), new JsonObject())
      .getJsonObject("requestBody", new JsonObject()).getJsonObject("content", new JsonObject())
      .getJsonObject("application/json", new JsonObject()).getJsonObject("schema", new JsonObject());
    JsonObject json;
    try {
      json = toJson(rc.body().asString(), schema);
    } catch (IllegalArgumentException e) {
      rc.fail(ServiceError.badRequest("body", e.getMessage()));
      return;
    }
    rc.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
    ((RoutingContextInternal) rc).setBody(Buffer.buffer(json.encode()));
    rc.next();
  }

  /** Builds the JSON object a form body stands for, typed after {@code schema}. */
  JsonObject toJson(String form, JsonObject schema) {
    JsonObject root = new JsonObject();
    if (form == null || form.isBlank()) {
      return root;
    }
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      put(root, schema, segments(key), value);
    }
    return root;
  }

  private void put(JsonObject root, JsonObject schema, List<String> path, String value) {
    Object node = root;
    JsonObject nodeSchema = resolve(schema);
    for (int i = 0; i < path.size(); i++) {
      String segment = path.get(i);
      boolean last = i == path.size() - 1;
      boolean nextIsArray = !last && path.get(i + 1).isEmpty();
      JsonObject childSchema = resolve(segment.isEmpty()
        ? nodeSchema.getJsonObject("items", new JsonObject())
        : nodeSchema.getJsonObject("properties", new JsonObject()).getJsonObject(segment, new JsonObject()));
      if (node instanceof JsonArray array) {
        if (!last) {
          throw new IllegalArgumentException("Nested arrays are not supported in form bodies");
        }
        array.add(typed(value, childSchema));
        return;
      }
      JsonObject object = (JsonObject) node;
      if (segment.isEmpty()) {
        throw new IllegalArgumentException("Unexpected [] in a form key");
      }
      if (last) {
        object.put(segment, typed(value, childSchema));
        return;
      }
      Object child = object.getValue(segment);
      if (child == null) {
        child = nextIsArray ? new JsonArray() : new JsonObject();
        object.put(segment, child);
      } else if (nextIsArray != child instanceof JsonArray) {
        throw new IllegalArgumentException("Form key " + String.join(".", path) + " mixes a list and a value");
      }
      node = child;
      nodeSchema = childSchema;
    }
  }

  /** {@code component[group_ids][]} → component, group_ids, "" (the empty segment appends to a list). */
  static List<String> segments(String key) {
    List<String> out = new ArrayList<>();
    int open = key.indexOf('[');
    out.add(open < 0 ? key : key.substring(0, open));
    while (open >= 0) {
      int close = key.indexOf(']', open);
      if (close < 0) {
        throw new IllegalArgumentException("Unbalanced [ in form key " + key);
      }
      out.add(key.substring(open + 1, close));
      open = key.indexOf('[', close);
    }
    return out;
  }

  private static Object typed(String value, JsonObject schema) {
    Object type = schema.getValue("type");
    List<?> types = type instanceof JsonArray array ? array.getList() : type == null ? List.of() : List.of(type);
    if (types.contains("boolean") && (value.equals("true") || value.equals("false"))) {
      return Boolean.parseBoolean(value);
    }
    if (types.contains("integer") && value.matches("-?\\d{1,18}")) {
      return Long.parseLong(value);
    }
    return value;
  }

  private JsonObject resolve(JsonObject schema) {
    String ref = schema.getString("$ref");
    if (ref == null || !ref.startsWith("#/")) {
      return schema;
    }
    Object node = document;
    for (String part : ref.substring(2).split("/")) {
      node = node instanceof JsonObject o ? o.getValue(part) : null;
    }
    return node instanceof JsonObject o ? resolve(o) : new JsonObject();
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
