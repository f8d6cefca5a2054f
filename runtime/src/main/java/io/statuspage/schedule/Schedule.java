package io.statuspage.schedule;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.function.Function;

/**
 * Work due at a time, kept in the service's schema and done once across all instances of the service: a maintenance
 * reminder, the automatic start or end of a window. The work is written with the change that makes it due, in the
 * same transaction ({@link #at}, {@link #cancel}), so a schedule is never lost nor left behind by a rolled-back change.
 *
 * <p>Running: every instance polls ({@link #start}); a pass claims a batch of due rows with {@code FOR UPDATE SKIP
 * LOCKED} in one short statement that sets a lease ({@code claimed_until}, a random claim token) and commits, then
 * runs their handlers one after the other, oldest first, outside that transaction. A handler's success deletes the row
 * if it still carries the claim's token and due time: work rescheduled or replaced meanwhile (by the handler itself,
 * say "start" replacing itself with "end") stays. A failure keeps the row, counts the attempt, keeps the error and
 * tries again after a doubling delay. An instance that dies while running loses its claim when the lease ends and
 * another instance runs the work again: at-least-once, made once in effect by the handler writing with
 * {@link Due#requestId()} ({@link io.statuspage.write.Writer#write(Object, String, Function)}). Time comes only from
 * the injected {@link Clock}.
 *
 * <p>The service's schema has the table (incident-service's {@code V3__scheduled_work.sql}):
 * <pre>
 * scheduled_work(kind text, key text, primary key (kind, key),
 *                due_at timestamptz not null,           -- when the work is due (what Due.dueAt says)
 *                next_attempt_at timestamptz not null,  -- due_at, or later after failures
 *                attempts int not null default 0,       -- claims since it was (re)scheduled
 *                claim uuid, claimed_until timestamptz, -- the lease of the instance running it
 *                last_error text)
 * </pre>
 *
 * <p>Use: {@code schedule = Schedule.create(vertx, pool, clock, new Schedule.Options()).on("maintenance.start",
 * due -> maintenances.start(due.key(), due.requestId()))}, {@link #start()} it once the service is wired and
 * {@link #stop()} it before the pool closes; in a write, {@code Schedule.at(tx, "maintenance.start", id, startsAt)},
 * and {@link #kick()} after its commit when the time is near.
 */
public interface Schedule {

  /** A schedule of {@code pool}'s schema, with time from {@code clock}. Runs nothing until {@link #start()}. */
  static Schedule create(Vertx vertx, Pool pool, Clock clock, Options options) {
    return new Scheduler(vertx, pool, clock, options);
  }

  /**
   * In the caller's transaction (so a schedule is never lost or half-written): work {@code kind}/{@code key} due at
   * {@code due} (any offset; kept as its UTC instant, to the microsecond). An existing row for kind/key is moved to
   * the new time, its attempts and claim reset, so it runs at the new time even while an old run is under way; at
   * the time it already has, it is left as it is (a save that changes nothing runs nothing twice).
   */
  static Future<Void> at(SqlClient tx, String kind, String key, OffsetDateTime due) {
    return ScheduledWork.at(tx, kind, key, due);
  }

  /** In the caller's transaction: forgets kind/key (no-op when absent). */
  static Future<Void> cancel(SqlClient tx, String kind, String key) {
    return ScheduledWork.cancel(tx, kind, key);
  }

  /**
   * The handler of one kind: run when due; its future's success means done (the row goes), failure means try again
   * later with backoff (attempts and last error kept). A handler that has not ended when the lease does counts as
   * failed. Instances claim only the kinds they have a handler for. Register before {@link #start()}.
   */
  Schedule on(String kind, Function<Due, Future<?>> handler);

  /**
   * Claims and runs what is due now by the clock, batch after batch; completes with how many ran (succeeded or
   * failed). Used by the timer and by tests.
   */
  Future<Integer> runDue();

  /**
   * Runs what is due (catching up on what fell due while no instance ran), then again at the next due time known
   * here, and at least every poll interval for what other instances schedule.
   */
  void start();

  /** After a commit that scheduled something near: runs a pass now, which re-arms the timer. Nothing before start. */
  void kick();

  /**
   * Stops the timer; completes when the pass under way has ended. Work it had claimed and not yet begun is released
   * for other instances at once.
   */
  Future<Void> stop();

  /**
   * One piece of due work, as its handler gets it.
   *
   * @param dueAt    when it was due, in UTC
   * @param attempts which attempt this is: 1 the first time, more after failures or a lost lease
   */
  record Due(String kind, String key, OffsetDateTime dueAt, int attempts) {

    /**
     * Stable per kind, key and due time: the handler passes it as the request id of its write
     * ({@link io.statuspage.write.Writer#write(Object, String, Function)}), so a run repeated after a lost lease
     * changes nothing. A rescheduled row (another dueAt) is another request.
     */
    public String requestId() {
      return "schedule:" + kind + ":" + key + "@" + dueAt.toInstant();
    }
  }

  /** How a schedule polls, leases and retries. */
  final class Options {
    private Duration pollInterval = Duration.ofSeconds(10);
    private Duration lease = Duration.ofMinutes(1);
    private int batch = 20;
    private Duration firstRetry = Duration.ofSeconds(10);
    private Duration maxRetry = Duration.ofMinutes(10);

    /** How often to look for work other instances scheduled (default 10 s); sooner when this one knows of some. */
    public Options setPollInterval(Duration pollInterval) {
      this.pollInterval = positive(pollInterval, "pollInterval");
      return this;
    }

    /**
     * How long a claim lasts (default 1 min): another instance runs the work only after it. It covers a whole batch,
     * whose handlers run one after the other, so it should exceed {@code batch} times a handler's usual time.
     */
    public Options setLease(Duration lease) {
      this.lease = positive(lease, "lease");
      return this;
    }

    /** How many due rows one claim takes (default 20). */
    public Options setBatch(int batch) {
      if (batch < 1) {
        throw new IllegalArgumentException("batch must be at least 1");
      }
      this.batch = batch;
      return this;
    }

    /** The delay after a first failure (default 10 s), doubling with each further one up to {@code max} (10 min). */
    public Options setBackoff(Duration first, Duration max) {
      this.firstRetry = positive(first, "first");
      this.maxRetry = positive(max, "max");
      return this;
    }

    public Duration getPollInterval() {
      return pollInterval;
    }

    public Duration getLease() {
      return lease;
    }

    public int getBatch() {
      return batch;
    }

    public Duration getFirstRetry() {
      return firstRetry;
    }

    public Duration getMaxRetry() {
      return maxRetry;
    }

    /** The delay after the {@code attempts}-th failure in a row. */
    Duration backoff(int attempts) {
      Duration delay = firstRetry.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 30));
      return delay.compareTo(maxRetry) > 0 ? maxRetry : delay;
    }

    private static Duration positive(Duration d, String name) {
      if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }
  }
}
