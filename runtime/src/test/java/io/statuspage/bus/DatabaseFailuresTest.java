package io.statuspage.bus;

import io.statuspage.runtime.Database;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the PG client fails with when the database goes away, for real: {@link Endpoint} answers these 503 with one
 * log line, and it can only tell them by type and SQLSTATE. If an upgrade of the client changes them, this fails.
 */
class DatabaseFailuresTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static Throwable failure(Future<?> attempt) {
    Throwable failure = attempt.map(ok -> (Throwable) null).otherwise(e -> e).await();
    assertNotNull(failure, "the query succeeded");
    return failure;
  }

  @Test
  void aServerThatIsGoneIsDatabaseDown() {
    TestDatabase.Embedded database = TestDatabase.embedded();
    Pool pool = Database.pool(vertx, database.options(), "public", 2);
    pool.query("SELECT 1").execute().await();
    database.close();
    Throwable failure = failure(pool.query("SELECT 1").execute());
    assertTrue(Endpoint.isDatabaseDown(failure), failure.toString());
  }

  @Test
  void aConnectionTerminatedMidQueryIsDatabaseDown() {
    Pool pool = Database.pool(vertx, TestDatabase.fresh(), "public", 1);
    Throwable failure = failure(pool.withConnection(c -> c.query("SELECT pg_terminate_backend(pg_backend_pid())")
      .execute()));
    assertTrue(Endpoint.isDatabaseDown(failure), failure.toString());
  }

  @Test
  void aClosedPoolIsDatabaseDown() {
    Pool pool = Database.pool(vertx, TestDatabase.fresh(), "public", 1);
    pool.close().await();
    Throwable failure = failure(pool.query("SELECT 1").execute());
    assertTrue(Endpoint.isDatabaseDown(failure), failure.toString());
  }
}
