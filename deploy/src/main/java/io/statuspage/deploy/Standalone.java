package io.statuspage.deploy;

import io.statuspage.runtime.Config;
import io.statuspage.runtime.Database;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.util.List;

/**
 * The whole suite in one JVM, as {@code statuspage standalone} runs it: every service and the gateway, on the
 * configured PostgreSQL or else on an embedded one that is started again whenever it dies. Closing it stops all.
 */
final class Standalone implements AutoCloseable {

  private final Vertx vertx;
  private final EmbeddedDatabase database;
  private final DatabaseSupervisor supervisor;

  private Standalone(Vertx vertx, EmbeddedDatabase database, DatabaseSupervisor supervisor) {
    this.vertx = vertx;
    this.database = database;
    this.supervisor = supervisor;
  }

  /** Starts the suite; {@code db.url} (or {@code db.host}, {@code PGHOST}) names a server, else one is embedded. */
  static Standalone start(Config config) throws IOException {
    boolean clustered = config.getBoolean("cluster.enabled", false);
    List<ServiceName> all = List.of(ServiceName.values());
    if (Database.configured(config)) {
      return new Standalone(Launcher.run(config, all, clustered), null, null);
    }
    EmbeddedDatabase database = EmbeddedDatabase.start(config);
    DatabaseSupervisor supervisor = DatabaseSupervisor.start(database);
    try {
      return new Standalone(Launcher.run(config.with("db.url", database.url()), all, clustered), database,
        supervisor);
    } catch (Exception e) {
      // Not left running: nothing else would stop it.
      closeQuietly(supervisor, database);
      throw e;
    }
  }

  Vertx vertx() {
    return vertx;
  }

  /** The embedded PostgreSQL, if this suite started one. */
  EmbeddedDatabase database() {
    return database;
  }

  @Override
  public void close() throws IOException {
    // The supervisor first: the database is about to be stopped on purpose.
    if (supervisor != null) {
      supervisor.close();
    }
    vertx.close().await();
    if (database != null) {
      database.close();
    }
  }

  private static void closeQuietly(AutoCloseable... resources) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception suppressed) {
        // Already failing to start; the first error is the one worth reporting.
      }
    }
  }
}
