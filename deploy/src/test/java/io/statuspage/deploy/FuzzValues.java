package io.statuspage.deploy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Values drawn from the contract's JSON schemas: valid ones that respect type, enum, length, range, format, pattern and
 * required properties, and the hostile strings a careless client or an attacker sends. Deterministic for a seed.
 */
final class FuzzValues {

  /** Strings that have broken parsers, escapers and databases before. */
  static final List<String> HOSTILE_TEXT = List.of(
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' OR '1'='1", "Robert'); DROP TABLE x;--",
    "${jndi:ldap://x/a}", "{{7*7}}", "../../etc/passwd", "\u202Egnp.exe", "e\u0301\u0301\u0301", "\u200B\u200D\uFEFF",
    "😀🏳️‍🌈", "𝕳𝖊𝖑𝖑𝖔", "日本語のテキスト", "مرحبا", "\u0001\u0002\u001f", "tab\there", "line\nbreak\r\n",
    "\\u0000 as text", "%00%zz", "null", "true", "0", "-1", " ", "");

  private final Random random;
  private final FuzzContract contract;
  private final Supplier<List<String>> knownIds;
  private final Supplier<List<String>> componentIds;

  FuzzValues(Random random, FuzzContract contract, Supplier<List<String>> knownIds,
             Supplier<List<String>> componentIds) {
    this.random = random;
    this.contract = contract;
    this.knownIds = knownIds;
    this.componentIds = componentIds;
  }

  Random random() {
    return random;
  }

  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /** A value valid for {@code schema}; {@code name} hints at ids ({@code *_id}, {@code components}). */
  Object valid(JsonObject schema, String name) {
    JsonObject s = contract.resolve(schema);
    if (s == null) {
      return "x";
    }
    if (s.containsKey("enum")) {
      return pick(s.getJsonArray("enum").getList());
    }
    List<String> types = types(s);
    if (types.contains("null") && chance(0.15)) {
      return null;
    }
    String type = types.stream().filter(t -> !t.equals("null")).findFirst().orElse("string");
    return switch (type) {
      case "object" -> object(s);
      case "array" -> array(s, name);
      case "integer" -> integer(s);
      case "number" -> integer(s);
      case "boolean" -> random.nextBoolean();
      default -> string(s, name);
    };
  }

  private JsonObject object(JsonObject s) {
    JsonObject out = new JsonObject();
    JsonObject properties = s.getJsonObject("properties", new JsonObject());
    List<String> required = s.getJsonArray("required", new JsonArray()).stream().map(String::valueOf).toList();
    for (String property : properties.fieldNames()) {
      if (required.contains(property) || chance(0.5)) {
        out.put(property, valid(properties.getJsonObject(property), property));
      }
    }
    int min = s.getInteger("minProperties", 0);
    for (String property : properties.fieldNames()) {
      if (out.size() >= min) {
        break;
      }
      out.put(property, valid(properties.getJsonObject(property), property));
    }
    return out;
  }

  private JsonArray array(JsonObject s, String name) {
    int min = s.getInteger("minItems", 0);
    int max = Math.min(s.getInteger("maxItems", 5), min + 4);
    int n = min + random.nextInt(max - min + 1);
    JsonArray out = new JsonArray();
    boolean unique = s.getBoolean("uniqueItems", false);
    for (int i = 0; i < n * 3 && out.size() < n; i++) {
      Object item = "components".equals(name) && !componentIds.get().isEmpty() && chance(0.9)
        ? pick(componentIds.get()) : valid(s.getJsonObject("items", new JsonObject()), name);
      if (!unique || !out.contains(item)) {
        out.add(item);
      }
    }
    return out;
  }

  private long integer(JsonObject s) {
    long min = s.getLong("minimum", 0L);
    long max = s.getLong("maximum", min + 1000);
    return min + (long) (random.nextDouble() * (Math.min(max, min + 1000) - min + 1));
  }

  private String string(JsonObject s, String name) {
    if (name != null && name.endsWith("_id") && !knownIds.get().isEmpty() && chance(0.8)) {
      return pick(knownIds.get());
    }
    String format = s.getString("format", "");
    int min = s.getInteger("minLength", 0);
    int max = s.getInteger("maxLength", 64);
    if (s.containsKey("pattern")) {
      return matching(java.util.regex.Pattern.compile(s.getString("pattern")), min, max);
    }
    String text = switch (format) {
      case "date" -> LocalDate.of(2020, 1, 1).plusDays(random.nextInt(3000)).toString();
      case "uri" -> "https://example.org/" + word(8);
      case "date-time" -> "2026-01-02T03:04:05Z";
      default -> chance(0.3) ? pick(HOSTILE_TEXT) : word(1 + random.nextInt(20));
    };
    if (text.length() < min) {
      text = text + "x".repeat(min - text.length());
    }
    return text.length() > max ? text.substring(0, max) : text;
  }

  /** A string of {@code min} to {@code max} characters that {@code pattern} finds: words, digits or hostile text. */
  private String matching(java.util.regex.Pattern pattern, int min, int max) {
    for (int i = 0; i < 200; i++) {
      String text = switch (random.nextInt(3)) {
        case 0 -> word(1 + random.nextInt(20));
        case 1 -> digits(1 + random.nextInt(12));
        default -> pick(HOSTILE_TEXT);
      };
      if (text.length() >= Math.max(min, 1) && text.length() <= max && pattern.matcher(text).find()) {
        return text;
      }
    }
    throw new IllegalStateException("No value found for the pattern " + pattern);
  }

  private String digits(int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append((char) ('0' + random.nextInt(10)));
    }
    return out.toString();
  }

  String word(int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append((char) ('a' + random.nextInt(26)));
    }
    return out.toString();
  }

  /** A value of another JSON type than {@code schema} wants. */
  Object wrongType(JsonObject schema) {
    List<String> types = types(contract.resolve(schema));
    List<Object> candidates = new ArrayList<>();
    if (!types.contains("string")) {
      candidates.add(pick(HOSTILE_TEXT));
    }
    if (!types.contains("integer") && !types.contains("number")) {
      candidates.add(random.nextBoolean() ? 42 : 1.5e300);
    }
    if (!types.contains("boolean")) {
      candidates.add(true);
    }
    if (!types.contains("object")) {
      candidates.add(new JsonObject().put("x", 1));
    }
    if (!types.contains("array")) {
      candidates.add(new JsonArray().add("x"));
    }
    if (!types.contains("null")) {
      candidates.add(null);
    }
    return pick(candidates);
  }

  List<String> types(JsonObject s) {
    if (s == null) {
      return List.of();
    }
    Object type = s.getValue("type");
    if (type instanceof JsonArray array) {
      return array.stream().map(String::valueOf).toList();
    }
    if (type != null) {
      return List.of(String.valueOf(type));
    }
    if (s.containsKey("properties")) {
      return List.of("object");
    }
    return s.containsKey("enum") ? List.of("string") : List.of();
  }
}
