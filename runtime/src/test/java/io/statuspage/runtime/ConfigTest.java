package io.statuspage.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {

  @Test
  void laterSourcesWin(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("statuspage.json");
    Files.writeString(file, "{\"http\":{\"port\":9000,\"host\":\"127.0.0.1\"},\"page\":{\"name\":\"From file\"}}");
    Properties props = new Properties();
    props.setProperty("statuspage.page.name", "From property");
    props.setProperty("unrelated", "x");
    Config config = Config.load(file, Map.of("STATUSPAGE_HTTP_PORT", "9001", "HOME", "/root"), props);

    assertEquals(9001, config.getInt("http.port", 8080), "environment beats file");
    assertEquals("127.0.0.1", config.get("http.host", "0.0.0.0"), "file beats default");
    assertEquals("From property", config.get("page.name", "Status"), "property beats environment and file");
    assertEquals(8, config.getInt("db.pool.size", 8), "default");
    assertTrue(config.get("home").isEmpty(), "only STATUSPAGE_ variables are read");
  }

  @Test
  void configFileCanBeNamedByTheEnvironment(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.json");
    Files.writeString(file, "{\"cluster.name\":\"blue\"}");
    Config config = Config.load(null, Map.of("STATUSPAGE_CONFIG", file.toString()), new Properties());
    assertEquals("blue", config.get("cluster.name", "statuspage"));
  }

  @Test
  void typedValuesAreCheckedWithAClearMessage() {
    Config config = Config.of(Map.of("http.port", "eighty", "cluster.enabled", "maybe", "bus.timeout", "250ms",
      "snapshot.refresh", "PT2M", "x.minutes", "5m", "x.days", "30d", "x.bad", "30x"));
    IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () -> config.getInt("http.port", 1));
    assertTrue(port.getMessage().contains("http.port"));
    assertThrows(IllegalArgumentException.class, () -> config.getBoolean("cluster.enabled", false));
    assertEquals(Duration.ofMillis(250), config.getDuration("bus.timeout", Duration.ZERO));
    assertEquals(Duration.ofMinutes(2), config.getDuration("snapshot.refresh", Duration.ZERO));
    assertEquals(Duration.ofMinutes(5), config.getDuration("x.minutes", Duration.ZERO));
    assertEquals(Duration.ofDays(30), config.getDuration("x.days", Duration.ZERO));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> config.getDuration("x.bad", Duration.ZERO))
      .getMessage().contains("x.bad"));
  }

  @Test
  void secretsAreNeverPrinted() {
    Config config = Config.of(Map.of("db.url", "postgresql://u:hunter2@h/db", "admin.api.key", "sekret"));
    assertFalse(config.toString().contains("hunter2"));
    assertFalse(config.toString().contains("sekret"));
  }
}
