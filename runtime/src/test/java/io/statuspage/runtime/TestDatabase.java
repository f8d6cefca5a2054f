package io.statuspage.runtime;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The one place tests get a real PostgreSQL: a Testcontainers container where Docker runs, an embedded server
 * otherwise. One server per test JVM; each caller gets a fresh database on it, so tests never see each other's rows.
 */
public final class TestDatabase {

  private static PgConnectOptions server;

  private TestDatabase() {
  }

  /** A new, empty database on the shared server. */
  public static synchronized PgConnectOptions fresh() {
    PgConnectOptions root = server();
    String name = "t_" + Ids.random(10);
    try (Connection c = DriverManager.getConnection(Database.jdbcUrl(root), root.getUser(), root.getPassword());
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create test database", e);
    }
    return new PgConnectOptions(root).setDatabase(name);
  }

  /** The configuration keys that point a service at {@code db}. */
  public static Map<String, String> config(PgConnectOptions db) {
    return Map.of("db.url", url(db));
  }

  public static String url(PgConnectOptions db) {
    return "postgresql://" + db.getUser() + ":" + db.getPassword() + "@" + db.getHost() + ":" + db.getPort() + "/"
      + db.getDatabase();
  }

  private static PgConnectOptions server() {
    if (server == null) {
      server = dockerAvailable() ? container() : embedded().options();
    }
    return server;
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static PgConnectOptions container() {
    PostgreSQLContainer pg = new PostgreSQLContainer("postgres:17-alpine");
    pg.start();
    Runtime.getRuntime().addShutdownHook(new Thread(pg::stop));
    return new PgConnectOptions().setHost(pg.getHost()).setPort(pg.getFirstMappedPort())
      .setUser(pg.getUsername()).setPassword(pg.getPassword()).setDatabase(pg.getDatabaseName());
  }

  /** A server of the caller's own, which the caller may stop (to test what happens when the database is down). */
  public static Embedded embedded() {
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      Embedded embedded = new Embedded(pg);
      Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
      return embedded;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start embedded PostgreSQL", e);
    }
  }

  /** An embedded server and how to reach it. */
  public static final class Embedded implements AutoCloseable {
    private final EmbeddedPostgres pg;
    private boolean closed;

    private Embedded(EmbeddedPostgres pg) {
      this.pg = pg;
    }

    public PgConnectOptions options() {
      return new PgConnectOptions().setHost("127.0.0.1").setPort(pg.getPort())
        .setUser("postgres").setPassword("postgres").setDatabase("postgres");
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        try {
          pg.close();
        } catch (IOException e) {
          // Already gone.
        }
      }
    }
  }
}
