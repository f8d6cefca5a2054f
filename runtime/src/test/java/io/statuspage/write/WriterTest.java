package io.statuspage.write;

import io.statuspage.bus.Outbox;
import io.statuspage.bus.ServiceError;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Database;
import io.statuspage.runtime.MutableClock;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transactional write on a real PostgreSQL, with a one-row aggregate: a named thing. */
class WriterTest {

  private static final String TOPIC = "test.things";
  private static final Instant T0 = Instant.parse("2024-09-16T21:31:02.719Z");
  private final List<JsonObject> published = Collections.synchronizedList(new ArrayList<>());
  private final MutableClock clock = new MutableClock(T0);
  private Vertx vertx;
  private Pool pool;
  private Writer<String, Thing> writer;

  /** The draft: the thing as loaded, and as the change leaves it. */
  static final class Thing {
    final String id;
    final String loaded;
    final OffsetDateTime now;
    String name;

    Thing(String id, String name, OffsetDateTime now) {
      this.id = id;
      this.loaded = name;
      this.name = name;
      this.now = now;
    }
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    pool = Database.open(vertx, Config.of(TestDatabase.config(TestDatabase.fresh())), "kit", 4).await();
    pool.query("INSERT INTO thing (id, name, updated_at) VALUES ('t1', 'first', '2024-01-01T00:00:00Z')")
      .execute().await();
    // Not started: no timer relays, so what arrives was kicked after commit.
    Outbox outbox = Outbox.create(vertx, pool, TOPIC);
    writer = Writer.create(pool, outbox, clock, Aggregate.of(this::lock, this::save));
    vertx.eventBus().<JsonObject>consumer(TOPIC, m -> published.add(m.body())).completion().await();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private Future<Thing> lock(SqlClient tx, String id, OffsetDateTime now) {
    return tx.preparedQuery("SELECT name FROM thing WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
      .map(rows -> {
        if (rows.size() == 0) {
          throw ServiceError.notFound("thing", id);
        }
        return new Thing(id, rows.iterator().next().getString("name"), now);
      });
  }

  private Future<Boolean> save(SqlClient tx, Thing thing) {
    return thing.name.equals(thing.loaded) ? Future.succeededFuture(false)
      : tx.preparedQuery("UPDATE thing SET name = $2, updated_at = $3 WHERE id = $1")
        .execute(Tuple.of(thing.id, thing.name, thing.now)).map(true);
  }

  private Future<JsonObject> rename(String name) {
    return writer.write("t1", thing -> {
      thing.name = name;
      return Outcome.of(new JsonObject().put("name", thing.name).put("updated_at", thing.now.toString()))
        .emit("thing.renamed", new JsonObject().put("name", name))
        .emit("thing.changed", new JsonObject().put("id", thing.id));
    });
  }

  @Test
  void aChangeIsSavedWithItsEventsInOrderAndRelayedRightAfterCommit() throws InterruptedException {
    JsonObject reply = rename("second").await();

    assertEquals("second", reply.getString("name"));
    assertEquals("second", row().getString("name"));
    assertEquals(List.of("thing.renamed", "thing.changed"), outboxTypes());
    for (int i = 0; i < 60 && published.size() < 2; i++) {
      Thread.sleep(50);
    }
    assertEquals(List.of("thing.renamed", "thing.changed"), published.stream().map(e -> e.getString("type")).toList());
    assertEquals(new JsonObject().put("name", "second"), published.get(0).getJsonObject("data"));
  }

  @Test
  void aChangeThatChangesNothingWritesNothingAndEmitsNothing() throws InterruptedException {
    rename("second").await();
    OffsetDateTime written = row().getOffsetDateTime("updated_at");
    clock.advance(Duration.ofMinutes(5));

    JsonObject reply = rename("second").await();

    assertEquals("second", reply.getString("name"), "the caller still gets its reply");
    assertEquals(written, row().getOffsetDateTime("updated_at"));
    assertEquals(2, outboxTypes().size());
    Thread.sleep(200);
    assertEquals(2, published.size());
  }

  @Test
  void aRefusedChangeLeavesNothingBehind() {
    ServiceError refusal = ServiceError.unprocessable("name", "No");
    Throwable failed = assertThrows(ServiceError.class, () -> writer.write("t1", thing -> {
      thing.name = "changed before the refusal";
      throw refusal;
    }).await());

    assertSame(refusal, failed);
    assertEquals("first", row().getString("name"));
    assertEquals(List.of(), outboxTypes());
    assertEquals(404, assertThrows(ServiceError.class, () -> writer.write("nope", Outcome::of).await()).status());
  }

  @Test
  void anEventThatCannotBeStoredRollsTheChangeBack() {
    assertThrows(RuntimeException.class, () -> writer.write("t1", thing -> {
      thing.name = "saved, then rolled back";
      return Outcome.of(thing).emit("thing.renamed", new JsonObject()).emit(null, new JsonObject());
    }).await());

    assertEquals("first", row().getString("name"));
    assertEquals(List.of(), outboxTypes());
  }

  @Test
  void timeComesFromTheInjectedClockAsPostgresqlKeepsIt() {
    clock.set(Instant.parse("2024-09-16T21:31:02.123456789Z"));

    JsonObject reply = rename("second").await();

    assertEquals("2024-09-16T21:31:02.123456Z", reply.getString("updated_at"));
    assertEquals(OffsetDateTime.parse(reply.getString("updated_at")).toInstant(),
      row().getOffsetDateTime("updated_at").toInstant(), "the reply equals a later read");
    assertEquals(OffsetDateTime.parse("2024-09-16T21:31:02.123456Z"), writer.now());
  }

  @Test
  void concurrentWritesToOneAggregateLoseNothing() {
    List<Future<JsonObject>> writes = IntStream.range(0, 10).mapToObj(i -> writer.write("t1", thing -> {
      thing.name = thing.name + "+";
      return Outcome.of(new JsonObject());
    })).toList();
    Future.all(writes).await();

    assertEquals("first++++++++++", row().getString("name"));
    assertTrue(outboxTypes().isEmpty());
  }

  private Future<JsonObject> renameOnce(String requestId, String name) {
    return writer.write("t1", requestId, thing -> {
      thing.name = name;
      return Outcome.of(new JsonObject().put("name", thing.name).put("b", 1).put("a", 2))
        .emit("thing.renamed", new JsonObject().put("name", name));
    });
  }

  @Test
  void aKeyedWriteSentAgainGetsTheFirstReplyAndChangesNothing() {
    JsonObject first = renameOnce("r1", "second").await();
    clock.advance(Duration.ofMinutes(5));

    JsonObject again = renameOnce("r1", "third").await();

    assertEquals(first.encode(), again.encode(), "the first reply, its members in their order");
    assertEquals("second", row().getString("name"));
    assertEquals(List.of("thing.renamed"), outboxTypes());
    assertEquals("third", renameOnce("r2", "third").await().getString("name"), "another id is another write");
  }

  @Test
  void aDuplicateSentWhileTheFirstRunsWaitsForItsCommitAndGetsItsReply() {
    List<Future<JsonObject>> writes = IntStream.range(0, 5).mapToObj(i -> writer.write("t1", "r1", thing -> {
      thing.name = thing.name + "+";
      return Outcome.of(new JsonObject().put("name", thing.name)).emit("thing.renamed", new JsonObject());
    })).toList();
    Future.all(writes).await();

    assertEquals("first+", row().getString("name"));
    writes.forEach(write -> assertEquals("first+", write.result().getString("name")));
    assertEquals(List.of("thing.renamed"), outboxTypes());
  }

  @Test
  void aRefusedKeyedWriteLeavesNoRecordSoItsRetryIsApplied() {
    assertThrows(ServiceError.class, () -> writer.write("t1", "r1", thing -> {
      thing.name = "refused";
      throw ServiceError.unprocessable("name", "No");
    }).await());
    assertEquals(0L, handled());

    assertEquals("second", renameOnce("r1", "second").await().getString("name"));
    assertEquals("second", row().getString("name"));
    assertEquals(1L, handled());
  }

  @Test
  void anIdIsRememberedForTheRetentionThenAppliedAgainAndPruned() {
    renameOnce("r1", "second").await();
    clock.advance(HandledRequests.RETENTION.minusSeconds(1));
    assertEquals("second", renameOnce("r1", "third").await().getString("name"), "still remembered");
    assertEquals(0, HandledRequests.prune(pool, writer.now()).await());

    clock.advance(Duration.ofSeconds(1));
    assertEquals("third", renameOnce("r1", "third").await().getString("name"), "forgotten: a new write");
    assertEquals("third", row().getString("name"));
    clock.advance(HandledRequests.RETENTION);
    assertEquals(1, HandledRequests.prune(pool, writer.now()).await());
    assertEquals(0L, handled());
  }

  @Test
  void withoutAnIdAKeyedWriteIsAPlainOne() {
    renameOnce(null, "second").await();
    renameOnce(null, "third").await();

    assertEquals("third", row().getString("name"));
    assertEquals(0L, handled());
  }

  private long handled() {
    return pool.query("SELECT count(*) FROM handled_request").execute().await().iterator().next().getLong(0);
  }

  private Row row() {
    return pool.query("SELECT name, updated_at FROM thing WHERE id = 't1'").execute().await().iterator().next();
  }

  private List<String> outboxTypes() {
    List<String> types = new ArrayList<>();
    pool.query("SELECT type FROM outbox ORDER BY id").execute().await().forEach(r -> types.add(r.getString(0)));
    return types;
  }
}
