package io.statuspage.deploy;

import io.statuspage.runtime.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded PostgreSQL started again after it died: same port, same data, and a failed attempt is no dead end.
 * And never left running by a suite that failed to start.
 */
class EmbeddedDatabaseTest {

  // Held, as loggers are kept weakly; silenced as in the distribution (errors about stopping the dead server).
  private static final Logger ZONKY = Logger.getLogger("io.zonky.test.db.postgres.embedded.EmbeddedPostgres");
  private Path dir;

  @BeforeEach
  void directory() throws IOException {
    ZONKY.setLevel(Level.OFF);
    dir = Files.createTempDirectory("statuspage-postgres-");
  }

  @AfterEach
  void clean() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void aRestartThatFailedLeavesTheNextAttemptFreeToSucceed() throws Exception {
    try (EmbeddedDatabase database = EmbeddedDatabase.start(Config.of(Map.of("db.embedded.dir", dir.toString())))) {
      int port = database.port();
      execute(database, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('written before the crash')");
      kill(database);

      // A server that cannot start (here: a setting it refuses; after a crash: shared memory still held).
      Path autoConf = dir.resolve("postgresql.auto.conf");
      String conf = Files.readString(autoConf);
      Files.writeString(autoConf, conf + "shared_buffers = 'plenty'\n");
      assertThrows(IOException.class, database::restart);
      assertTrue(database.refused());

      // The library kept its lock from the failed attempt; the next attempt must not trip over it.
      Files.writeString(autoConf, conf);
      database.restart();
      assertEquals(port, database.port());
      assertTrue(database.url().contains(":" + port + "/"));
      assertEquals("written before the crash", query(database, "SELECT note FROM kept"));
    }
  }

  @Test
  void aSuiteThatFailsToStartLeavesNoDatabaseRunning() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Config config = Config.of(Map.of("db.embedded.dir", dir.toString(), "http.host", "127.0.0.1",
        "http.port", String.valueOf(taken.getLocalPort()), "snapshot.file", ""));
      assertThrows(Exception.class, () -> Standalone.start(config), "its HTTP port is taken");
    }
    assertTrue(Files.exists(dir.resolve("PG_VERSION")), "the database had been started");
    assertFalse(Files.exists(dir.resolve("postmaster.pid")), "and was stopped again");
  }

  private void kill(EmbeddedDatabase database) throws IOException, InterruptedException {
    long pid = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
    assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());
    for (int i = 0; i < 100 && !database.refused(); i++) {
      Thread.sleep(100);
    }
    assertTrue(database.refused(), "the server is gone");
  }

  private static Connection connect(EmbeddedDatabase database) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + database.port() + "/postgres", "postgres",
      "postgres");
  }

  private static void execute(EmbeddedDatabase database, String sql) throws SQLException {
    try (Connection c = connect(database); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String query(EmbeddedDatabase database, String sql) throws SQLException {
    try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }
}
