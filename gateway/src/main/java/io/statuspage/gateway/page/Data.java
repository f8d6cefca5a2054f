package io.statuspage.gateway.page;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Lenient reads from untrusted JSON: wrong types and missing keys give {@code null} or empty, never an exception. */
final class Data {

  private Data() {
  }

  static JsonObject obj(Object value) {
    if (value instanceof JsonObject o) {
      return o;
    }
    if (value instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) m;
      return new JsonObject(map);
    }
    return null;
  }

  static JsonObject obj(JsonObject parent, String key) {
    return parent == null ? null : obj(parent.getValue(key));
  }

  static JsonObject objOrEmpty(JsonObject parent, String key) {
    JsonObject o = obj(parent, key);
    return o == null ? new JsonObject() : o;
  }

  static List<Object> list(Object value) {
    if (value instanceof JsonArray a) {
      @SuppressWarnings("unchecked")
      List<Object> items = a.getList();
      return items == null ? List.of() : items;
    }
    if (value instanceof List<?> l) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) l;
      return list;
    }
    return List.of();
  }

  /** The JSON objects of an array (other items skipped). */
  static List<JsonObject> objects(JsonObject parent, String key) {
    if (parent == null) {
      return List.of();
    }
    List<JsonObject> out = new ArrayList<>();
    for (Object item : list(parent.getValue(key))) {
      JsonObject o = obj(item);
      if (o != null) {
        out.add(o);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The strings (or scalars as text) of an array. */
  static List<String> strings(JsonObject parent, String key) {
    if (parent == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object item : list(parent.getValue(key))) {
      if (item != null && !(item instanceof Map) && !(item instanceof List)
          && !(item instanceof JsonObject) && !(item instanceof JsonArray)) {
        out.add(item.toString());
      }
    }
    return out;
  }

  /** A scalar as text, or {@code null} when absent, null or not a scalar. */
  static String str(JsonObject o, String key) {
    if (o == null) {
      return null;
    }
    Object v = o.getValue(key);
    if (v == null || v instanceof JsonObject || v instanceof JsonArray || v instanceof Map || v instanceof List) {
      return null;
    }
    return v.toString();
  }

  static boolean isTrue(JsonObject o, String key) {
    if (o == null) {
      return false;
    }
    Object v = o.getValue(key);
    return Boolean.TRUE.equals(v) || "true".equals(v);
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  static String orElse(String s, String fallback) {
    return blank(s) ? fallback : s;
  }
}
