package io.statuspage.gateway.access;

import io.statuspage.runtime.Database;
import io.statuspage.runtime.Outage;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys against a real PostgreSQL: a fresh database each, or a server of the test's own where it stops it. */
class ApiKeysDatabaseTest {

  private Vertx vertx;
  private Pool pool;
  private ApiKeys keys;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  // Pools are shared by name within a Vert.x: one database per test.
  private void open(PgConnectOptions db) {
    Database.migrate(vertx, db, "gateway").await();
    pool = Database.pool(vertx, db, "gateway", 2);
    keys = ApiKeys.create(pool, Outage.of("test database", LoggerFactory.getLogger(ApiKeysDatabaseTest.class)));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static Throwable failure(Future<User> attempt) {
    return attempt.map(user -> (Throwable) null).otherwise(e -> e).await();
  }

  @Test
  void theConfiguredKeyIsRegisteredOnceAndStoredHashed() {
    open(TestDatabase.fresh());
    assertTrue(keys.bootstrap("sp_configured").await().created());
    assertFalse(keys.bootstrap("sp_configured").await().created());
    assertEquals(0L, pool.query("SELECT count(*) AS n FROM api_key WHERE key_hash = 'sp_configured'").execute().await()
      .iterator().next().getLong("n"));
  }

  @Test
  void aGeneratedKeyIsShownOnceAndOnlyWhenThereIsNone() {
    open(TestDatabase.fresh());
    ApiKeys.NewKey made = keys.bootstrap(null).await();
    assertTrue(made.secret().startsWith("sp_"));
    assertNull(keys.bootstrap(null).await().secret());
    assertTrue(keys.header().authenticate(new TokenCredentials("OAuth " + made.secret())).await().principal()
      .getString(ApiKeys.CALLER).startsWith("key:"));
  }

  @Test
  void theHeaderNeedsASchemeTheQueryDoesNot() {
    open(TestDatabase.fresh());
    keys.bootstrap("sp_k").await();
    assertEquals("key:", keys.header().authenticate(new TokenCredentials("bearer sp_k")).await().principal()
      .getString(ApiKeys.CALLER).substring(0, 4));
    assertEquals(401, ((HttpException) failure(keys.header().authenticate(new TokenCredentials("sp_k"))))
      .getStatusCode());
    assertTrue(keys.query().authenticate(new TokenCredentials("sp_k")).await() != null);
    assertEquals(401, ((HttpException) failure(keys.query().authenticate(new TokenCredentials("sp_other"))))
      .getStatusCode());
  }

  @Test
  void aKnownKeyStillWorksFromTheCacheWhileTheDatabaseIsDownAndAnUnknownOneIsNotCalledWrong() {
    TestDatabase.Embedded database = TestDatabase.embedded();
    open(database.options());
    keys.bootstrap("sp_k").await();
    keys.header().authenticate(new TokenCredentials("OAuth sp_k")).await();
    assertTrue(keys.reachable());
    database.close();
    assertTrue(keys.header().authenticate(new TokenCredentials("OAuth sp_k")).await() != null, "cached");
    Throwable unknown = failure(keys.header().authenticate(new TokenCredentials("OAuth sp_unknown")));
    assertInstanceOf(Throwable.class, unknown, "no user");
    assertFalse(keys.reachable(), "the lookup did not reach the database: the API answers 503, not 401");
  }
}
