package io.statuspage.component;

import io.statuspage.bus.ServiceError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Reads request bodies. The gateway validates against the contract first, but the event bus has other callers,
 * so shapes are checked again here (400 naming the field); what the contract cannot express is a 422.
 */
final class Input {

  private Input() {
  }

  /** A required identifier such as {@code page_id}. */
  static String id(JsonObject body, String key) {
    return text(body, key, key, true);
  }

  static JsonObject object(JsonObject body, String key, boolean required) {
    Object value = body.getValue(key);
    if (value instanceof JsonObject json) {
      return json;
    }
    if (value == null && !required) {
      return null;
    }
    throw ServiceError.badRequest(key, key + " must be an object");
  }

  /** A string; null when absent or null unless required, and then also non-blank. */
  static String text(JsonObject o, String key, String field, boolean required) {
    Object value = o.getValue(key);
    if (value == null && !required) {
      return null;
    }
    if (!(value instanceof String s) || required && s.isBlank()) {
      throw ServiceError.badRequest(field, field + (required ? " is required" : " must be a string"));
    }
    return s;
  }

  static Boolean bool(JsonObject o, String key, String field) {
    Object value = o.getValue(key);
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    throw ServiceError.badRequest(field, field + " must be true or false");
  }

  /** An integer in [min, max]; numeric strings are accepted, as query parameters may arrive that way. */
  static Integer integer(JsonObject o, String key, String field, int min, int max) {
    Object value = o.getValue(key);
    if (value == null) {
      return null;
    }
    try {
      long n = value instanceof Number number && number.doubleValue() == number.longValue() ? number.longValue()
        : Long.parseLong(String.valueOf(value));
      if (n >= min && n <= max) {
        return (int) n;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw ServiceError.badRequest(field, field + " must be an integer from " + min + " to " + max);
  }

  static Status status(JsonObject o, String key, String field) {
    String wire = text(o, key, field, false);
    Status status = wire == null ? null : Status.parse(wire);
    if (wire != null && status == null) {
      throw ServiceError.badRequest(field, field + " must be one of operational, under_maintenance, "
        + "degraded_performance, partial_outage, major_outage");
    }
    return status;
  }

  /** A {@code YYYY-MM-DD} date; a well-formed string naming no real day is a 422. */
  static LocalDate date(JsonObject o, String key, String field) {
    String text = text(o, key, field, false);
    try {
      return text == null ? null : LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw ServiceError.unprocessable(field, field + " is not a valid date (YYYY-MM-DD): " + text);
    }
  }

  /** Statuspage's group reference: null, or the string "null", means no group. */
  static String groupRef(JsonObject o, String key, String field) {
    String ref = text(o, key, field, false);
    return ref == null || ref.isBlank() || ref.equals("null") ? null : ref;
  }

  /** A non-empty list of distinct ids, or null when absent. */
  static List<String> ids(JsonObject o, String key, String field) {
    Object value = o.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw ServiceError.badRequest(field, field + " must be a non-empty array of ids");
    }
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (Object id : array) {
      if (!(id instanceof String s) || s.isBlank() || !ids.add(s)) {
        throw ServiceError.badRequest(field, field + " must hold distinct ids");
      }
    }
    return new ArrayList<>(ids);
  }

  static Paging paging(JsonObject body) {
    Integer page = integer(body, "page", "page", 1, Integer.MAX_VALUE);
    Integer perPage = integer(body, "per_page", "per_page", 1, 100);
    return new Paging(page == null ? 1 : page, perPage == null ? 100 : perPage);
  }

  /** A 1-based page of {@code perPage} items. */
  record Paging(int page, int perPage) {

    long offset() {
      return (long) (page - 1) * perPage;
    }

    <T> List<T> slice(List<T> all) {
      int from = (int) Math.min(offset(), all.size());
      return all.subList(from, Math.min(from + perPage, all.size()));
    }
  }
}
