package io.statuspage.deploy;

import io.statuspage.runtime.Config;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example configuration shipped in deploy/ stays valid as the keys evolve. */
class ExampleConfigTest {

  @Test
  void theExampleConfigurationReadsAsDocumented() {
    Config config = Config.load(Path.of("statuspage.example.json"));
    assertEquals("Platform", config.get("page.name", null));
    assertEquals(ZoneId.of("Europe/London"), ZoneId.of(config.get("page.timezone", "")));
    assertEquals(8080, config.getInt("http.port", 0));
    assertEquals(Duration.ofSeconds(30), config.getDuration("snapshot.refresh", Duration.ZERO));
    assertEquals(Duration.ofSeconds(5), config.getDuration("bus.timeout", Duration.ZERO));
    assertEquals("/accessibility", config.get("branding.accessibility.url", null));
    assertTrue(config.get("cluster.members").isPresent());
    assertEquals(Duration.ofSeconds(30), config.getDuration("webhook.timeout", Duration.ZERO));
    assertEquals("false", config.get("webhook.allow.private", null));
    assertEquals(Duration.ofMinutes(5), config.getDuration("pingdom.poll.interval", Duration.ZERO));
    assertEquals(587, config.getInt("mail.port", 0));
    assertEquals("required", config.get("mail.starttls", null));
    assertEquals(4, config.getInt("probe.concurrency", 0));
  }
}
