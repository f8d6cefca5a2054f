package io.statuspage.schedule;

import io.statuspage.runtime.Database;
import io.statuspage.schedule.Schedule.Options;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.time.Duration;

/**
 * One instance of a service with a schedule, as a process of its own ({@link ScheduleProcessesTest}): polls the
 * kit schema of the database at {@code args[0]} and records each run of a "job" in {@code schedule_run} as
 * {@code args[1]}, counting a second run of the same request instead of hiding it. {@code args[2]} is the lease in
 * milliseconds, {@code args[3]} how long a job takes. Runs until killed.
 */
public final class ScheduleWorker {

  private ScheduleWorker() {
  }

  public static void main(String[] args) {
    String url = args[0];
    String name = args[1];
    Duration lease = Duration.ofMillis(Long.parseLong(args[2]));
    long work = Long.parseLong(args[3]);
    Vertx vertx = Vertx.vertx();
    Pool pool = Database.pool(vertx, PgConnectOptions.fromUri(url), "kit", 4);
    Schedule schedule = Schedule.create(vertx, pool, Clock.systemUTC(), new Options()
        .setPollInterval(Duration.ofMillis(200)).setBatch(5).setLease(lease))
      .on("job", due -> {
        // A little work, so that the other instance gets its share.
        Promise<Long> worked = Promise.promise();
        vertx.setTimer(work, worked::complete);
        return worked.future().compose(t -> pool.withTransaction(tx -> tx.preparedQuery(
            "INSERT INTO schedule_run (request_id, process) VALUES ($1, $2) "
              + "ON CONFLICT (request_id) DO UPDATE SET runs = schedule_run.runs + 1")
          .execute(Tuple.of(due.requestId(), name))));
      });
    schedule.start();
    System.out.println("ready");
  }
}
