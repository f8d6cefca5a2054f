package io.statuspage.runtime;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The configuration of one process: flat dotted keys ({@code http.port}) read, later sources winning, from
 * built-in defaults, a JSON file ({@code --config FILE} or {@code STATUSPAGE_CONFIG}), environment variables
 * ({@code STATUSPAGE_HTTP_PORT}) and system properties ({@code -Dstatuspage.http.port}).
 */
public final class Config {

  public static final String ENV_PREFIX = "STATUSPAGE_";
  public static final String PROPERTY_PREFIX = "statuspage.";

  private final Map<String, String> values;

  private Config(Map<String, String> values) {
    this.values = values;
  }

  /** Reads the standard sources. {@code file} may be null; then {@code STATUSPAGE_CONFIG} names it, if set. */
  public static Config load(Path file) {
    return load(file, System.getenv(), System.getProperties());
  }

  static Config load(Path file, Map<String, String> env, Properties props) {
    Map<String, String> values = new TreeMap<>();
    Path source = file != null ? file : Optional.ofNullable(env.get(ENV_PREFIX + "CONFIG")).map(Path::of).orElse(null);
    if (source != null) {
      try {
        flatten("", new JsonObject(Files.readString(source)), values);
      } catch (IOException e) {
        throw new IllegalArgumentException("Cannot read configuration file " + source + ": " + e.getMessage(), e);
      }
    }
    env.forEach((k, v) -> {
      if (k.startsWith(ENV_PREFIX) && !k.equals(ENV_PREFIX + "CONFIG")) {
        values.put(k.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
      }
    });
    props.stringPropertyNames().forEach(k -> {
      if (k.startsWith(PROPERTY_PREFIX)) {
        values.put(k.substring(PROPERTY_PREFIX.length()), props.getProperty(k));
      }
    });
    return new Config(values);
  }

  /** A configuration from explicit values only (tests, child processes). */
  public static Config of(Map<String, String> values) {
    return new Config(new TreeMap<>(values));
  }

  /** This configuration with {@code overrides} on top. */
  public Config with(Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(values);
    merged.putAll(overrides);
    return new Config(merged);
  }

  public Config with(String key, String value) {
    return with(Map.of(key, value));
  }

  private static void flatten(String prefix, JsonObject json, Map<String, String> into) {
    for (Map.Entry<String, Object> e : json) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof JsonObject nested) {
        flatten(key + ".", nested, into);
      } else if (e.getValue() != null) {
        into.put(key, String.valueOf(e.getValue()));
      }
    }
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
  }

  public String get(String key, String defaultValue) {
    return get(key).orElse(defaultValue);
  }

  public int getInt(String key, int defaultValue) {
    return get(key).map(v -> parse(key, v, Integer::parseInt)).orElse(defaultValue);
  }

  public boolean getBoolean(String key, boolean defaultValue) {
    return get(key).map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("Configuration " + key + " must be true or false, was: " + v);
    }).orElse(defaultValue);
  }

  /**
   * Durations as ISO-8601 ({@code PT30S}) or a number with a unit: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h},
   * {@code 30d}.
   */
  public Duration getDuration(String key, Duration defaultValue) {
    return get(key).map(v -> parse(key, v, Config::parseDuration)).orElse(defaultValue);
  }

  static Duration parseDuration(String text) {
    String v = text.trim().toLowerCase(Locale.ROOT);
    if (v.startsWith("p")) {
      return Duration.parse(v.toUpperCase(Locale.ROOT));
    }
    if (v.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    }
    long n = Long.parseLong(v.substring(0, v.length() - 1));
    return switch (v.charAt(v.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default -> Duration.ofSeconds(Long.parseLong(v));
    };
  }

  private static <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Configuration " + key + " has an invalid value: " + value, e);
    }
  }

  @Override
  public String toString() {
    // Never print secrets.
    Map<String, String> shown = new TreeMap<>();
    values.forEach((k, v) -> shown.put(k, k.matches(".*(password|secret|token|key|url).*") ? "****" : v));
    return shown.toString();
  }
}
