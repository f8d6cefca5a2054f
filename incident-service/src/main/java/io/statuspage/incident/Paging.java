package io.statuspage.incident;

import io.statuspage.bus.ServiceError;
import io.vertx.core.json.JsonObject;

/** A 1-based {@code page} of {@code size} items, from the contract's query parameters. */
record Paging(int page, int size) {

  /** {@code page} and {@code per_page}: 100 items from the first by default, at most 100 per page. */
  static Paging of(JsonObject request) {
    return of(request, "per_page");
  }

  /** {@code page} and the size named {@code sizeName} ({@code limit} for the incident list). */
  static Paging of(JsonObject request, String sizeName) {
    return new Paging(number(request, "page", Integer.MAX_VALUE, 1), number(request, sizeName, 100, 100));
  }

  long offset() {
    return (long) (page - 1) * size;
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
