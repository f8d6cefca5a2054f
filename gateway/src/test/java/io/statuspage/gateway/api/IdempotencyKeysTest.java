package io.statuspage.gateway.api;

import io.statuspage.runtime.Database;
import io.statuspage.runtime.Outage;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The key table's SQL on a real PostgreSQL: who gets a claim, what a claim finds, and when a key is forgotten. */
class IdempotencyKeysTest {

  private static final Instant T0 = Instant.parse("2026-11-18T14:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(20);
  private static final Answer CREATED = new Answer(201, Map.of("Content-Type", Answer.JSON),
    Buffer.buffer("{\"id\":\"c1\"}"));

  private Vertx vertx;
  private Pool pool;
  private IdempotencyKeys keys;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    PgConnectOptions db = TestDatabase.fresh();
    Database.migrate(vertx, db, "gateway").await();
    pool = Database.pool(vertx, db, "gateway", 4);
    keys = IdempotencyKeys.create(pool, Outage.of("test database", LoggerFactory.getLogger(getClass())));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private IdempotencyKeys.Claim claim(String caller, String hash, Instant now) {
    return keys.claim(caller, "k1", hash, now, now.minus(IdempotentWrites.WINDOW), now.minus(LEASE)).await();
  }

  @Test
  void theFirstClaimWinsAndTheNextFindsItInProgressThenItsAnswer() {
    IdempotencyKeys.Claimed claimed = assertInstanceOf(IdempotencyKeys.Claimed.class, claim("key:a", "h1", T0));
    IdempotencyKeys.Held running = assertInstanceOf(IdempotencyKeys.Held.class, claim("key:a", "h1", T0));
    assertEquals("h1", running.requestHash());
    assertNull(running.answer());

    keys.complete("key:a", "k1", claimed.token(), CREATED).await();

    Answer kept = ((IdempotencyKeys.Held) claim("key:a", "h2", T0.plusSeconds(1))).answer();
    assertEquals(CREATED.status(), kept.status());
    assertEquals(CREATED.headers(), kept.headers());
    assertEquals(CREATED.body(), kept.body());
    assertInstanceOf(IdempotencyKeys.Claimed.class, claim("key:b", "h1", T0), "another caller's k1");
  }

  @Test
  void claimsSentAtOnceHaveOneWinner() {
    List<Future<IdempotencyKeys.Claim>> claims = IntStream.range(0, 12).mapToObj(i -> keys.claim("key:a", "k1", "h1",
      T0, T0.minus(IdempotentWrites.WINDOW), T0.minus(LEASE))).toList();
    Future.join(claims).await();

    assertEquals(1, claims.stream().filter(c -> c.result() instanceof IdempotencyKeys.Claimed).count());
  }

  @Test
  void aReleasedKeyCanBeClaimedAgainButOnlyByItsHolder() {
    IdempotencyKeys.Claimed first = (IdempotencyKeys.Claimed) claim("key:a", "h1", T0);
    keys.release("key:a", "k1", java.util.UUID.randomUUID()).await();
    assertInstanceOf(IdempotencyKeys.Held.class, claim("key:a", "h1", T0), "a stranger's release does nothing");

    keys.release("key:a", "k1", first.token()).await();

    assertInstanceOf(IdempotencyKeys.Claimed.class, claim("key:a", "h2", T0));
  }

  @Test
  void anAbandonedClaimIsTakenOverByTheSameRequestOnlyAndItsHolderCanNoLongerStore() {
    IdempotencyKeys.Claimed abandoned = (IdempotencyKeys.Claimed) claim("key:a", "h1", T0);
    Instant later = T0.plus(LEASE);

    assertInstanceOf(IdempotencyKeys.Held.class, claim("key:a", "h2", later), "another request is not let in");
    IdempotencyKeys.Claimed taken = assertInstanceOf(IdempotencyKeys.Claimed.class, claim("key:a", "h1", later));
    assertNotEquals(abandoned.token(), taken.token());
    keys.complete("key:a", "k1", abandoned.token(), new Answer(422, Map.of(), Buffer.buffer("late"))).await();

    assertNull(((IdempotencyKeys.Held) claim("key:a", "h1", later)).answer(), "still the new holder's");
  }

  @Test
  void aKeyIsForgottenAfterTheWindowAndPruned() {
    IdempotencyKeys.Claimed first = (IdempotencyKeys.Claimed) claim("key:a", "h1", T0);
    keys.complete("key:a", "k1", first.token(), CREATED).await();
    Instant forgotten = T0.plus(IdempotentWrites.WINDOW);

    assertInstanceOf(IdempotencyKeys.Claimed.class, claim("key:a", "h2", forgotten), "any request may take it");
    claim("key:b", "h1", T0);
    assertEquals(1, keys.prune(T0.plusSeconds(1)).await(), "key:b's, not the one taken over");
    assertEquals(1L, pool.query("SELECT count(*) FROM idempotency_key").execute().await().iterator().next()
      .getLong(0));
  }
}
