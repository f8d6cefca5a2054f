package io.statuspage.component;

import io.statuspage.bus.ServiceError;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The contract's {@code page} and {@code per_page} query parameters: a 1-based page of {@code perPage} items. */
record Paging(int page, int perPage) {

  /** The request's paging; 100 items from the first by default, at most 100 per page. */
  static Paging of(JsonObject request) {
    return new Paging(number(request, "page", Integer.MAX_VALUE, 1), number(request, "per_page", 100, 100));
  }

  long offset() {
    return (long) (page - 1) * perPage;
  }

  <T> List<T> slice(List<T> all) {
    int from = (int) Math.min(offset(), all.size());
    return all.subList(from, Math.min(from + perPage, all.size()));
  }

  /** An integer in [1, max]; a numeric string too, as a query parameter may arrive as text. */
  private static int number(JsonObject request, String name, int max, int absent) {
    Object value = request.getValue(name);
    if (value == null) {
      return absent;
    }
    try {
      long n = value instanceof Number number && number.doubleValue() == number.longValue() ? number.longValue()
        : Long.parseLong(String.valueOf(value));
      if (n >= 1 && n <= max) {
        return (int) n;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw ServiceError.badRequest(name, name + " must be an integer from 1 to " + max);
  }
}
