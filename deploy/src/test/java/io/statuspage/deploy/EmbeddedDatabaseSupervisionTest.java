package io.statuspage.deploy;

import io.statuspage.runtime.Config;
import io.statuspage.runtime.LogRecords;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standalone suite on its embedded PostgreSQL, as {@code java -jar statuspage.jar} runs it: when the postmaster
 * is killed, writes fail cleanly, then the supervisor starts the server again on the same port and writes resume,
 * without restarting the JVM and without losing what was written before. The outage makes a few log lines, not one
 * per request.
 */
class EmbeddedDatabaseSupervisionTest {

  private static final String KEY = "supervision-test-key";
  // Held, as loggers are kept weakly. Silenced as in the distribution's logging configuration: the library logs an
  // error with a stack trace when it closes the dead server.
  private static final Logger ZONKY = Logger.getLogger("io.zonky.test.db.postgres.embedded.EmbeddedPostgres");
  private static LogRecords logs;
  private static Path dataDir;
  private static Standalone suite;
  private static Http http;
  private static String pageId;

  @BeforeAll
  static void start() throws IOException {
    ZONKY.setLevel(Level.OFF);
    dataDir = Files.createTempDirectory("statuspage-postgres-");
    Path snapshotFile = Files.createTempFile("statuspage-snapshot-", ".json");
    Files.delete(snapshotFile);
    int port = freePort();
    suite = Standalone.start(Config.of(Map.of(
      "db.embedded.dir", dataDir.toString(),
      "snapshot.file", snapshotFile.toString(),
      "http.port", String.valueOf(port),
      "http.host", "127.0.0.1",
      "admin.api.key", KEY,
      "snapshot.refresh", "1s",
      "bus.timeout", "2s")));
    http = new Http(port);
    http.await("/health/write", Duration.ofSeconds(30), r -> r.statusCode() == 200);
    pageId = Http.json(http.get("/api/v2/summary.json")).getJsonObject("page").getString("id");
  }

  @AfterAll
  static void stop() throws IOException {
    if (logs != null) {
      logs.close();
    }
    if (suite != null) {
      suite.close();
    }
    if (dataDir != null) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void aKilledPostmasterIsStartedAgainOnTheSamePortAndWritesResume() throws Exception {
    HttpResponse<String> before = create("Before the crash");
    assertEquals(201, before.statusCode(), before.body());
    List<String> pidFile = Files.readAllLines(dataDir.resolve("postmaster.pid"));
    long pid = Long.parseLong(pidFile.get(0).trim());
    String port = pidFile.get(3).trim();
    assertEquals(String.valueOf(suite.database().port()), port);

    logs = LogRecords.of("io.statuspage", Level.INFO);
    ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
    assertTrue(postmaster.destroyForcibly());
    // Not waiting for onExit(): that waits for the zombie to be reaped, which is up to whoever is process 1 here.

    // Writes fail cleanly while it is away, then succeed again once it is back: no JVM restart. (A backend of the
    // killed postmaster may still take a write or two before it notices: that write is durable, and a 201.)
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> write = writeUntil(503, statuses, Duration.ofSeconds(20));
    assertEquals(503, write.statusCode(), "writes fail while the database is away: " + statuses);
    assertEquals("application/problem+json", write.headers().firstValue("Content-Type").orElse(""));
    assertTrue(write.headers().firstValue("Retry-After").isPresent());
    write = writeUntil(201, statuses, Duration.ofSeconds(60));
    assertEquals(201, write.statusCode(), "writes resume: " + statuses + " " + write.body());
    assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 503), statuses.toString());

    List<String> newPidFile = Files.readAllLines(dataDir.resolve("postmaster.pid"));
    assertNotEquals(pid, Long.parseLong(newPidFile.get(0).trim()), "a new postmaster");
    assertEquals(port, newPidFile.get(3).trim(), "on the same port, which the pools' URL names");

    HttpResponse<String> listed = http.get("/v1/pages/" + pageId + "/components", "Authorization", "OAuth " + KEY);
    assertEquals(200, listed.statusCode(), listed.body());
    List<String> names = Http.array(listed).stream().map(c -> ((JsonObject) c).getString("name")).toList();
    assertTrue(names.contains("Before the crash"), names.toString());
    assertTrue(names.contains(Http.json(write).getString("name")), names.toString());
    http.await("/health/write", Duration.ofSeconds(20), r -> r.statusCode() == 200);
    http.await("/api/v2/summary.json", Duration.ofSeconds(20),
      r -> r.headers().firstValue("X-Snapshot-Stale").isEmpty() && r.body().contains("Before the crash"));

    // A handful of lines about the outage, none with a stack trace, however many requests failed.
    logs.close();
    String log = "Logged during the outage:\n" + String.join("\n", logs.lines());
    assertTrue(log.contains("Embedded PostgreSQL unavailable"), log);
    assertTrue(log.contains("Embedded PostgreSQL available again"), log);
    assertTrue(logs.records().stream().noneMatch(r -> r.getThrown() != null), log);
    // One warning per part that noticed (how many notice depends on timing), never one per failed request.
    List<String> warnings = logs.lines().stream().filter(l -> l.startsWith("WARNING ")).toList();
    assertEquals(warnings.stream().map(l -> l.replaceFirst(" unavailable.*", "")).distinct().count(), warnings.size(), log);
    assertTrue(warnings.size() <= 16, log);
  }

  /** Writes every 100 ms until one answers {@code status}, or {@code timeout} passes; returns the last answer. */
  private static HttpResponse<String> writeUntil(int status, List<Integer> statuses, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<String> write;
    do {
      write = create("Written at attempt " + statuses.size());
      statuses.add(write.statusCode());
      if (write.statusCode() != status) {
        Http.sleep(100);
      }
    } while (write.statusCode() != status && System.nanoTime() < deadline);
    return write;
  }

  private static HttpResponse<String> create(String name) {
    return http.send("POST", "/v1/pages/" + pageId + "/components", "{\"component\":{\"name\":\"" + name + "\"}}",
      "Authorization", "OAuth " + KEY);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
