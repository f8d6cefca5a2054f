package io.statuspage.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

/**
 * Where a service's schema lives. Every service owns one PostgreSQL schema, migrated by Flyway from
 * {@code classpath:db/<schema>} and used through a pool whose {@code search_path} is that schema.
 *
 * <p>The server comes from {@code db.url} ({@code postgresql://user:pass@host:5432/db}), else from
 * {@code db.host}, {@code db.port}, {@code db.name}, {@code db.user}, {@code db.password}, else from the usual
 * {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD} variables.
 */
public interface Database {

  /** The server's connection options, without a schema. */
  static PgConnectOptions connectOptions(Config config) {
    PgConnectOptions options = config.get("db.url")
      .map(url -> PgConnectOptions.fromUri(url.startsWith("jdbc:") ? url.substring(5) : url))
      .orElseGet(PgConnectOptions::fromEnv);
    config.get("db.host").ifPresent(options::setHost);
    config.get("db.port").map(Integer::parseInt).ifPresent(options::setPort);
    config.get("db.name").ifPresent(options::setDatabase);
    config.get("db.user").ifPresent(options::setUser);
    config.get("db.password").ifPresent(options::setPassword);
    return options;
  }

  /** True when the configuration names a server, so standalone mode need not start its own. */
  static boolean configured(Config config) {
    return config.get("db.url").isPresent() || config.get("db.host").isPresent() || System.getenv("PGHOST") != null;
  }

  /** Migrates {@code schema}, then opens a pool on it sized by {@code db.pool.size}. */
  static Future<Pool> open(Vertx vertx, Config config, String schema, int defaultSize) {
    PgConnectOptions server = connectOptions(config);
    return migrate(vertx, server, schema)
      .map(migrated -> pool(vertx, server, schema, config.getInt("db.pool.size", defaultSize)));
  }

  /** A pool on {@code schema}; unqualified table names resolve there. */
  static Pool pool(Vertx vertx, PgConnectOptions server, String schema, int size) {
    PgConnectOptions options = new PgConnectOptions(server)
      .addProperty("search_path", schema)
      .addProperty("application_name", "statuspage-" + schema)
      .setReconnectAttempts(2)
      .setReconnectInterval(500)
      // Without it every prepared query is parsed by the server again: a round trip more per statement.
      .setCachePreparedStatements(true);
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(size).setName("pg-" + schema).setShared(true)
        .setConnectionTimeout(5).setIdleTimeout(60))
      .connectingTo(options)
      .using(vertx)
      .build();
  }

  /**
   * Brings {@code schema} up to date with the migrations in {@code classpath:db/<schema>}. Several instances may
   * do this at once: Flyway serialises them with an advisory lock.
   */
  static Future<Integer> migrate(Vertx vertx, PgConnectOptions server, String schema) {
    return migrate(vertx, server, schema, 5);
  }

  /** As {@link #migrate(Vertx, PgConnectOptions, String)}, retrying the connection {@code connectRetries} times. */
  static Future<Integer> migrate(Vertx vertx, PgConnectOptions server, String schema, int connectRetries) {
    return vertx.executeBlocking(() -> Flyway.configure(Database.class.getClassLoader())
      .dataSource(jdbcUrl(server), server.getUser(), server.getPassword())
      .schemas(schema)
      .createSchemas(true)
      .locations("classpath:db/" + schema)
      .connectRetries(connectRetries)
      .load()
      .migrate()
      .migrationsExecuted, false);
  }

  static String jdbcUrl(PgConnectOptions server) {
    return "jdbc:postgresql://" + server.getHost() + ":" + server.getPort() + "/" + server.getDatabase();
  }
}
