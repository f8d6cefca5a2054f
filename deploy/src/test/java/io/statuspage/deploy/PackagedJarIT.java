package io.statuspage.deploy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's run command, on the jar the build made: {@code java -jar statuspage.jar} in an empty directory, with
 * nothing configured but the ports. Every service must come up (write health), which a test classpath cannot show: a
 * library missing from the jar's {@code lib/} only fails here.
 */
class PackagedJarIT {

  @Test
  void theJarStartsEveryServiceOnItsEmbeddedDatabase() throws Exception {
    Path jar = Path.of(System.getProperty("statuspage.jar"));
    assertTrue(Files.exists(jar), jar + " is built before the integration tests");
    Path home = Files.createTempDirectory("statuspage-jar-");
    int port = freePort();
    Path log = home.resolve("out.log");
    Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx512m", "-Dstatuspage.http.port=" + port, "-Dstatuspage.management.port=" + freePort(),
      "-Dstatuspage.admin.api.key=packaged-jar-test-key-0123456789", "-jar", jar.toString()))
      .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Http http = new Http(port);
      HttpResponse<String> write = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (write == null && System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new AssertionError("The jar exited with " + process.exitValue() + ":\n" + Files.readString(log));
        }
        try {
          HttpResponse<String> r = http.get("/health/write");
          write = r.statusCode() == 200 ? r : null;
        } catch (IllegalStateException notYet) {
          // Not listening yet.
        }
        Http.sleep(250);
      }
      if (write == null) {
        throw new AssertionError("Not every service came up in 120 s:\n" + Files.readString(log));
      }
      JsonObject dependencies = Http.json(write).getJsonObject("dependencies");
      for (String service : List.of("component-service", "incident-service", "notifier-service", "uptime-collector")) {
        assertEquals("UP", dependencies.getJsonObject(service).getString("status"), write.body());
      }
      assertEquals(200, http.get("/api/v2/summary.json").statusCode());
      assertEquals(200, http.get("/").statusCode());
      assertTrue(Files.isDirectory(home.resolve("data/postgres")), "the embedded database keeps its data here");
    } finally {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
