package io.statuspage.gateway.api;

import io.statuspage.bus.ServiceError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Statuspage's v1 API also takes {@code application/x-www-form-urlencoded} bodies with Rails bracket keys
 * ({@code component[status]=major_outage}, {@code component_group[components][]=id}), and its own documentation's
 * curl examples use them. vertx-openapi 5.0 validates only JSON bodies, so such a body is read here into the JSON
 * it stands for: values take the types the contract gives their fields, and the contract then validates it like any
 * JSON body. A form that cannot stand for one JSON object (a name that is both a value and an object, a name given
 * twice, an empty name, a malformed escape) is refused with a 400 naming the key.
 */
final class FormBodies {

  private final JsonObject document;

  /** @param document the contract as JSON, to resolve the {@code $ref}s of body schemas */
  FormBodies(JsonObject document) {
    this.document = document;
  }

  /** The JSON object {@code form} stands for, typed after {@code schema}. */
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
      String key = RequestTarget.decodeForm(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : RequestTarget.decodeForm(pair.substring(eq + 1));
      if (key == null) {
        throw ServiceError.badRequest("body", "A form field name has a malformed %-escape");
      }
      if (value == null) {
        throw ServiceError.badRequest(field(key), "The form field " + key + " has a malformed %-escape");
      }
      put(root, resolve(schema), key, segments(key), value);
    }
    return root;
  }

  private void put(JsonObject root, JsonObject schema, String key, List<String> path, String value) {
    Object node = root;
    JsonObject nodeSchema = schema;
    for (int i = 0; i < path.size(); i++) {
      String segment = path.get(i);
      boolean last = i == path.size() - 1;
      JsonObject childSchema = resolve(segment.isEmpty()
        ? nodeSchema.getJsonObject("items", new JsonObject())
        : nodeSchema.getJsonObject("properties", new JsonObject()).getJsonObject(segment, new JsonObject()));
      if (node instanceof JsonArray array) {
        if (!last) {
          throw invalid(key, "nests a list in a list, which forms cannot say");
        }
        array.add(typed(value, childSchema));
        return;
      }
      JsonObject object = (JsonObject) node;
      if (segment.isEmpty()) {
        throw invalid(key, "has [] where a name is expected");
      }
      Object existing = object.getValue(segment);
      if (last) {
        if (object.containsKey(segment)) {
          throw conflict(key, path, i, existing instanceof String ? "is given more than once"
            : "is both a value and a list or object");
        }
        object.put(segment, typed(value, childSchema));
        return;
      }
      boolean wantArray = path.get(i + 1).isEmpty();
      if (existing == null) {
        existing = wantArray ? new JsonArray() : new JsonObject();
        object.put(segment, existing);
      } else if (wantArray ? !(existing instanceof JsonArray) : !(existing instanceof JsonObject)) {
        throw conflict(key, path, i, "is both a value and a list or object");
      }
      node = existing;
      nodeSchema = childSchema;
    }
  }

  /** {@code component[group_ids][]} → component, group_ids, "" (the empty segment appends to a list). */
  static List<String> segments(String key) {
    List<String> out = new ArrayList<>();
    int open = key.indexOf('[');
    String first = open < 0 ? key : key.substring(0, open);
    if (first.isEmpty()) {
      throw ServiceError.badRequest("body", "A form field has no name");
    }
    out.add(first);
    int at = open;
    while (at >= 0) {
      int close = key.indexOf(']', at);
      if (close < 0 || key.indexOf('[', at + 1) >= 0 && key.indexOf('[', at + 1) < close) {
        throw invalid(key, "has an unbalanced [");
      }
      out.add(key.substring(at + 1, close));
      if (close + 1 < key.length() && key.charAt(close + 1) != '[') {
        throw invalid(key, "has text after ]");
      }
      at = close + 1 < key.length() ? close + 1 : -1;
    }
    return out;
  }

  /** The dotted field a form key names, as problems name fields: {@code component[name]} → component.name. */
  static String field(String key) {
    return String.join(".", Arrays.stream(key.split("[\\[\\]]")).filter(part -> !part.isEmpty()).toList());
  }

  /** A clash at {@code path[at]}: the problem names the field up to there. */
  private static ServiceError conflict(String key, List<String> path, int at, String why) {
    String field = String.join(".", path.subList(0, at + 1).stream().filter(part -> !part.isEmpty()).toList());
    return ServiceError.badRequest(field, "The form field " + key + " " + why);
  }

  private static ServiceError invalid(String key, String why) {
    return ServiceError.badRequest(field(key), "The form field " + key + " " + why);
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
    // A number as JSON writes one (a metric's value, "7.5"); anything else stays text, for the validator to name.
    if (types.contains("number") && value.matches("-?(0|[1-9]\\d{0,17})(\\.\\d{1,17})?([eE][-+]?\\d{1,3})?")) {
      return new java.math.BigDecimal(value);
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
}
