package io.statuspage.schedule;

import io.statuspage.runtime.Config;
import io.statuspage.runtime.Database;
import io.statuspage.runtime.LogRecords;
import io.statuspage.runtime.MutableClock;
import io.statuspage.runtime.TestDatabase;
import io.statuspage.schedule.Schedule.Due;
import io.statuspage.schedule.Schedule.Options;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scheduled work on a real PostgreSQL, with the time from a clock the tests move. */
class ScheduleTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  /** What handlers were given, in the order they ran. */
  private final List<Due> ran = Collections.synchronizedList(new ArrayList<>());
  private Vertx vertx;
  private Pool pool;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    pool = Database.open(vertx, Config.of(TestDatabase.config(TestDatabase.fresh())), "kit", 6).await();
    pool.query("CREATE TABLE scheduled_effect (seq bigserial, request_id text PRIMARY KEY, kind text NOT NULL, "
      + "key text NOT NULL)").execute().await();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private Schedule schedule(Options options) {
    return Schedule.create(vertx, pool, clock, options);
  }

  private Schedule schedule() {
    return schedule(new Options());
  }

  /** A handler that writes its effect, keyed by the request id, in a transaction of its own. */
  private Future<?> effect(Due due) {
    ran.add(due);
    return pool.withTransaction(tx -> effect(tx, due));
  }

  private static Future<RowSet<Row>> effect(SqlClient tx, Due due) {
    return tx.preparedQuery("INSERT INTO scheduled_effect (request_id, kind, key) VALUES ($1, $2, $3) "
      + "ON CONFLICT (request_id) DO NOTHING").execute(Tuple.of(due.requestId(), due.kind(), due.key()));
  }

  private void at(String kind, String key, Instant due) {
    pool.withTransaction(tx -> Schedule.at(tx, kind, key, OffsetDateTime.ofInstant(due, ZoneOffset.UTC))).await();
  }

  private Row row(String kind, String key) {
    RowSet<Row> rows = pool.preparedQuery("SELECT * FROM scheduled_work WHERE kind = $1 AND key = $2")
      .execute(Tuple.of(kind, key)).await();
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  private List<String> effects() {
    List<String> done = new ArrayList<>();
    pool.query("SELECT kind, key FROM scheduled_effect ORDER BY seq").execute().await()
      .forEach(r -> done.add(r.getString("kind") + "/" + r.getString("key")));
    return done;
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  @Test
  void runsWhatIsDueAndLeavesWhatIsDueLater() {
    Schedule schedule = schedule().on("remind", this::effect);
    at("remind", "later", T0.plusSeconds(1));
    at("remind", "now", T0);
    at("remind", "before", T0.minusSeconds(60));

    assertEquals(2, schedule.runDue().await());
    assertEquals(List.of("remind/before", "remind/now"), effects());
    Row later = row("remind", "later");
    assertEquals(0, later.getInteger("attempts"));
    assertNull(later.getUUID("claim"));
    assertNull(row("remind", "now"));

    assertEquals(0, schedule.runDue().await());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(1, schedule.runDue().await());
    assertEquals(List.of("remind/before", "remind/now", "remind/later"), effects());
    assertEquals(0L, pool.query("SELECT count(*) FROM scheduled_work").execute().await().iterator().next()
      .getLong(0));
  }

  @Test
  void workRescheduledWhileItRunsStaysAndRunsAtItsNewTime() throws Exception {
    CompletableFuture<Due> started = new CompletableFuture<>();
    Promise<Void> finish = Promise.promise();
    Schedule a = schedule().on("start", due -> {
      if (started.complete(due)) {
        return finish.future();   // the first run: held until the test lets it end
      }
      return effect(due);
    });
    Schedule b = schedule().on("start", this::effect);
    at("start", "w1", T0);

    Future<Integer> first = a.runDue();
    Due firstDue = started.get(10, TimeUnit.SECONDS);
    assertEquals(0, b.runDue().await(), "claimed work is not run by another instance");
    at("start", "w1", T0.plus(Duration.ofHours(1)));
    assertNull(row("start", "w1").getUUID("claim"), "moving the work resets its claim");
    finish.complete();
    assertEquals(1, first.await());

    Row moved = row("start", "w1");
    assertNotNull(moved, "the old run's success does not delete the rescheduled work");
    assertEquals(utc(T0.plus(Duration.ofHours(1))), moved.getOffsetDateTime("due_at"));
    assertEquals(0, moved.getInteger("attempts"));

    assertEquals(0, b.runDue().await());
    clock.advance(Duration.ofHours(1));
    assertEquals(1, a.runDue().await());
    Due second = ran.get(0);
    assertEquals(utc(T0.plus(Duration.ofHours(1))), second.dueAt());
    assertNotEquals(firstDue.requestId(), second.requestId(), "a rescheduled run is another request");
    assertNull(row("start", "w1"));
  }

  @Test
  void aHandlerMayReplaceOrMoveItsOwnWorkInItsTransaction() {
    Instant end = T0.plus(Duration.ofHours(2));
    Schedule schedule = schedule()
      // Starting a window replaces its "start" with its "end".
      .on("start", due -> pool.withTransaction(tx -> Schedule.cancel(tx, "start", due.key())
        .compose(v -> Schedule.at(tx, "end", due.key(), utc(end)))
        .compose(v -> effect(tx, due))))
      // A reminder that puts itself off by an hour.
      .on("snooze", due -> pool.withTransaction(tx -> Schedule.at(tx, "snooze", due.key(),
        due.dueAt().plusHours(1)).compose(v -> effect(tx, due))))
      .on("end", this::effect);
    at("start", "w1", T0);
    at("snooze", "w1", T0);

    assertEquals(2, schedule.runDue().await());
    assertNull(row("start", "w1"));
    Row ending = row("end", "w1");
    assertEquals(utc(end), ending.getOffsetDateTime("due_at"));
    assertNull(ending.getUUID("claim"));
    assertEquals(utc(T0.plus(Duration.ofHours(1))), row("snooze", "w1").getOffsetDateTime("due_at"));

    clock.set(end);
    assertEquals(2, schedule.runDue().await());  // the snooze put off to 13:00, then the end at 14:00
    assertNull(row("end", "w1"));
    assertEquals(utc(end), row("snooze", "w1").getOffsetDateTime("due_at"));
    // Equal due times run in kind order.
    assertEquals(List.of("snooze/w1", "start/w1", "snooze/w1", "end/w1"), effects());
  }

  @Test
  void cancelledWorkAndWorkOfARolledBackChangeNeverRun() {
    Schedule schedule = schedule().on("remind", this::effect);
    at("remind", "kept", T0);
    at("remind", "cancelled", T0);
    pool.withTransaction(tx -> Schedule.cancel(tx, "remind", "cancelled")
      .compose(v -> Schedule.cancel(tx, "remind", "never-there"))).await();
    pool.withTransaction(tx -> Schedule.at(tx, "remind", "rolled-back", utc(T0))
      .compose(v -> Future.failedFuture("the change failed"))).otherwiseEmpty().await();

    assertEquals(1, schedule.runDue().await());
    assertEquals(List.of("remind/kept"), effects());
    assertNull(row("remind", "rolled-back"));
  }

  @Test
  void aFailureIsRetriedWithBackoffCountingAttemptsAndLoggedOncePerAttempt() {
    AtomicInteger calls = new AtomicInteger();
    Schedule schedule = schedule(new Options().setBackoff(Duration.ofSeconds(10), Duration.ofSeconds(25)))
      .on("remind", due -> {
        ran.add(due);
        int call = calls.incrementAndGet();
        if (call == 2) {
          throw new IllegalStateException("thrown 2");
        }
        return call <= 3 ? Future.failedFuture(new IllegalStateException("boom " + call + "\nsecond line"))
          : pool.withTransaction(tx -> effect(tx, due));
      });
    at("remind", "m1", T0);
    try (LogRecords logs = LogRecords.of("io.statuspage.schedule", Level.ALL)) {
      assertEquals(1, schedule.runDue().await());
      Row failed = row("remind", "m1");
      assertEquals(1, failed.getInteger("attempts"));
      assertEquals("boom 1", failed.getString("last_error"));
      assertEquals(utc(T0.plusSeconds(10)), failed.getOffsetDateTime("next_attempt_at"));
      assertEquals(utc(T0), failed.getOffsetDateTime("due_at"));
      assertNull(failed.getUUID("claim"));

      clock.advance(Duration.ofSeconds(9));
      assertEquals(0, schedule.runDue().await(), "not before its backoff");
      clock.advance(Duration.ofSeconds(1));
      assertEquals(1, schedule.runDue().await());
      assertEquals(2, row("remind", "m1").getInteger("attempts"));
      assertEquals("thrown 2", row("remind", "m1").getString("last_error"));
      assertEquals(utc(T0.plusSeconds(30)), row("remind", "m1").getOffsetDateTime("next_attempt_at"));

      clock.set(T0.plusSeconds(30));
      assertEquals(1, schedule.runDue().await());
      assertEquals(utc(T0.plusSeconds(55)), row("remind", "m1").getOffsetDateTime("next_attempt_at"), "capped");

      clock.set(T0.plusSeconds(55));
      assertEquals(1, schedule.runDue().await());
      assertNull(row("remind", "m1"));
      assertEquals(List.of(1, 2, 3, 4), ran.stream().map(Due::attempts).toList());
      assertEquals(1, ran.stream().map(Due::requestId).distinct().count(), "every attempt is the same request");
      assertEquals(List.of("remind/m1"), effects());

      List<LogRecord> warnings = logs.records().stream().filter(r -> r.getLevel() == Level.WARNING).toList();
      assertEquals(3, warnings.size(), logs.lines().toString());
      for (int i = 0; i < 3; i++) {
        String line = logs.text(warnings.get(i));
        assertTrue(line.contains("remind") && line.contains("m1") && line.contains("attempt " + (i + 1)), line);
        assertNull(warnings.get(i).getThrown(), "no stack trace");
        assertTrue(!line.contains("second line"), line);
      }
    }
  }

  @Test
  void workOfAnInstanceThatStoppedAnsweringIsRunByAnotherAfterTheLease() throws Exception {
    Options options = new Options().setLease(Duration.ofMinutes(1));
    CompletableFuture<Due> started = new CompletableFuture<>();
    Promise<Void> hung = Promise.promise();
    Schedule crashed = schedule(options).on("remind", due -> {
      started.complete(due);
      return hung.future();
    });
    Schedule other = schedule(options).on("remind", this::effect);
    at("remind", "m1", T0);

    Future<Integer> stuck = crashed.runDue();
    Due first = started.get(10, TimeUnit.SECONDS);
    clock.advance(Duration.ofSeconds(59));
    assertEquals(0, other.runDue().await(), "not while the lease lasts");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(1, other.runDue().await());
    assertEquals(2, ran.get(0).attempts());
    assertEquals(first.requestId(), ran.get(0).requestId(), "the rerun is the same request");
    assertNull(row("remind", "m1"));

    // Scheduled again meanwhile; the first instance coming back to life late deletes nothing.
    at("remind", "m1", T0.plus(Duration.ofDays(1)));
    hung.complete();
    stuck.await();
    assertNotNull(row("remind", "m1"));
    assertEquals(List.of("remind/m1"), effects());
  }

  @Test
  void aHandlerStillRunningWhenTheLeaseEndsCountsAsFailed() {
    Schedule schedule = schedule(new Options().setLease(Duration.ofMillis(300)))
      .on("remind", due -> Promise.promise().future());
    at("remind", "m1", T0);
    long began = System.nanoTime();
    assertEquals(1, schedule.runDue().await());
    assertTrue(System.nanoTime() - began >= TimeUnit.MILLISECONDS.toNanos(290));
    Row failed = row("remind", "m1");
    assertEquals(1, failed.getInteger("attempts"));
    assertEquals("still running when its lease ended", failed.getString("last_error"));
    assertNull(failed.getUUID("claim"));
  }

  @Test
  void anInstanceClaimsOnlyTheKindsItHandles() {
    Schedule schedule = schedule().on("remind", this::effect);
    at("other", "x", T0);
    assertEquals(0, schedule.runDue().await());
    Row untouched = row("other", "x");
    assertEquals(0, untouched.getInteger("attempts"));
    assertNull(untouched.getUUID("claim"));
  }

  @Test
  void schedulingAtTheTimeItAlreadyHasChangesNothing() {
    Schedule schedule = schedule().on("remind", due -> Future.failedFuture("down"));
    at("remind", "m1", T0);
    schedule.runDue().await();
    Row failed = row("remind", "m1");
    at("remind", "m1", T0);
    Row again = row("remind", "m1");
    assertEquals(1, again.getInteger("attempts"));
    assertEquals(failed.getOffsetDateTime("next_attempt_at"), again.getOffsetDateTime("next_attempt_at"));
    // Another offset, the same instant.
    pool.withTransaction(tx -> Schedule.at(tx, "remind", "m1", utc(T0).withOffsetSameInstant(ZoneOffset.ofHours(5))))
      .await();
    assertEquals(1, row("remind", "m1").getInteger("attempts"));
    at("remind", "m1", T0.plusSeconds(1));
    assertEquals(0, row("remind", "m1").getInteger("attempts"));
    assertNull(row("remind", "m1").getString("last_error"));
  }

  @Test
  void startCatchesUpOnWorkThatFellDueWhileNothingRanOldestFirst() throws InterruptedException {
    at("remind", "c", T0.minus(Duration.ofMinutes(10)));
    at("remind", "a", T0.minus(Duration.ofHours(3)));
    at("remind", "d", T0.plus(Duration.ofHours(1)));
    at("remind", "b", T0.minus(Duration.ofHours(1)));
    at("end", "e", T0.minus(Duration.ofHours(2)));
    Schedule schedule = schedule(new Options().setBatch(2)).on("remind", this::effect).on("end", this::effect);
    schedule.start();
    for (int i = 0; i < 200 && effects().size() < 4; i++) {
      Thread.sleep(50);
    }
    schedule.stop().await();
    assertEquals(List.of("remind/a", "end/e", "remind/b", "remind/c"), effects());
    assertNotNull(row("remind", "d"));
  }

  @Test
  void theTimerRunsWorkWhenItIsDueAndAKickRunsNewWorkAtOnce() throws InterruptedException {
    Schedule schedule = Schedule.create(vertx, pool, Clock.systemUTC(),
      new Options().setPollInterval(Duration.ofMinutes(5))).on("remind", this::effect);
    at("remind", "soon", Instant.now().plusMillis(800));
    schedule.start();
    Thread.sleep(400);
    assertEquals(List.of(), effects(), "not before it is due");
    awaitEffects(1, Duration.ofSeconds(3));
    assertEquals(List.of("remind/soon"), effects(), "run by the timer set to its due time, not the 5-minute poll");

    at("remind", "now", Instant.now());
    schedule.kick();
    awaitEffects(2, Duration.ofSeconds(2));
    assertEquals(List.of("remind/soon", "remind/now"), effects());

    // Scheduled elsewhere, not kicked here: waits for the poll (once the kicked pass has armed its timer).
    Thread.sleep(300);
    at("remind", "unkicked", Instant.now());
    Thread.sleep(500);
    assertEquals(2, effects().size());
    schedule.stop().await();
  }

  private void awaitEffects(int n, Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    while (effects().size() < n && System.nanoTime() < end) {
      Thread.sleep(20);
    }
  }

  @Test
  void aWindowAndItsReminderRunAtTheRightInstantsAcrossTheEndOfSummerTime() {
    // Europe/London leaves summer time on 2026-10-25 at 01:00 UTC: local 01:00-02:00 happens twice. A window
    // starting at the second 01:30 (GMT) and its reminder 60 minutes before, at the first 01:30 (BST).
    ZoneId london = ZoneId.of("Europe/London");
    ZonedDateTime window = ZonedDateTime.of(LocalDateTime.parse("2026-10-25T01:30"), london).withLaterOffsetAtOverlap();
    ZonedDateTime reminder = window.minusMinutes(60);
    assertEquals(Instant.parse("2026-10-25T01:30:00Z"), window.toInstant());
    assertEquals(Instant.parse("2026-10-25T00:30:00Z"), reminder.toInstant());
    assertEquals(window.toLocalDateTime(), reminder.toLocalDateTime(), "the same wall-clock time, an hour apart");

    Schedule schedule = schedule().on("maintenance.reminder", this::effect).on("maintenance.start", this::effect);
    pool.withTransaction(tx -> Schedule.at(tx, "maintenance.start", "w1", window.toOffsetDateTime())
      .compose(v -> Schedule.at(tx, "maintenance.reminder", "w1", reminder.toOffsetDateTime()))).await();

    clock.set(Instant.parse("2026-10-25T00:29:59.999999Z"));
    assertEquals(0, schedule.runDue().await());
    clock.set(Instant.parse("2026-10-25T00:30:00Z"));
    assertEquals(1, schedule.runDue().await());
    assertEquals("maintenance.reminder", ran.get(0).kind());
    assertEquals(OffsetDateTime.parse("2026-10-25T00:30:00Z"), ran.get(0).dueAt());

    clock.set(Instant.parse("2026-10-25T01:29:59.999999Z"));
    assertEquals(0, schedule.runDue().await());
    clock.set(Instant.parse("2026-10-25T01:30:00Z"));
    assertEquals(1, schedule.runDue().await());
    assertEquals("maintenance.start", ran.get(1).kind());
    assertEquals(OffsetDateTime.parse("2026-10-25T01:30:00Z"), ran.get(1).dueAt());
    assertEquals("schedule:maintenance.start:w1@2026-10-25T01:30:00Z", ran.get(1).requestId());
  }

  @Test
  void theRequestIdIsTheSameForTheSameInstantInAnyOffset() {
    Function<OffsetDateTime, String> id = at -> new Due("k", "w1", at, 1).requestId();
    OffsetDateTime utc = OffsetDateTime.parse("2026-10-25T00:30:00Z");
    assertEquals(id.apply(utc), id.apply(utc.withOffsetSameInstant(ZoneOffset.ofHours(1))));
    assertNotEquals(id.apply(utc), id.apply(utc.plusSeconds(1)));
    assertEquals(id.apply(utc), new Due("k", "w1", utc, 3).requestId(), "attempts are not part of it");
  }
}
