package io.statuspage.bus;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A 1-based {@code page} of {@code size} items, read from a management request's query parameters (the contract's
 * {@code page} with {@code per_page}, or {@code limit} for Statuspage's incident list).
 */
public record Paging(int page, int size) {

  /** {@code page} and {@code per_page}: 100 items from the first by default, at most 100 per page. */
  public static Paging of(JsonObject request) {
    return of(request, "per_page");
  }

  /** {@code page} and the size named {@code sizeName}; a 400 naming the parameter when one is out of range. */
  public static Paging of(JsonObject request, String sizeName) {
    return new Paging(number(request, "page", 1, Integer.MAX_VALUE, 1), number(request, sizeName, 1, 100, 100));
  }

  /** How many items come before this page. */
  public long offset() {
    return (long) (page - 1) * size;
  }

  /** This page of {@code all}. */
  public <T> List<T> slice(List<T> all) {
    int from = (int) Math.min(offset(), all.size());
    return all.subList(from, Math.min(from + size, all.size()));
  }

  /**
   * The integer query parameter {@code name} in [min, max], {@code absent} when not given; a numeric string too, as a
   * query parameter may arrive as text. Otherwise a 400 naming it.
   */
  public static int number(JsonObject request, String name, int min, int max, int absent) {
    Object value = request.getValue(name);
    if (value == null) {
      return absent;
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
    throw ServiceError.badRequest(name, name + " must be an integer from " + min + " to " + max);
  }
}
