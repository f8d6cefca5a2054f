package io.statuspage.schedule;

import io.statuspage.runtime.Outage;
import io.statuspage.schedule.ScheduledWork.Claimed;
import io.statuspage.write.Writer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@link Schedule} on a pool. The timer and its passes live on the context the schedule was created on, one pass at
 * a time: a kick during a pass runs another right after it.
 */
final class Scheduler implements Schedule {

  private static final Logger LOG = LoggerFactory.getLogger(Schedule.class);
  /** The shortest wait between timed passes, so rows due but locked by another instance don't spin the loop. */
  private static final Duration MIN_WAIT = Duration.ofMillis(100);

  private final Vertx vertx;
  private final Context context;
  private final Pool pool;
  private final Clock clock;
  private final Options options;
  private final Map<String, Function<Due, Future<?>>> handlers = new ConcurrentHashMap<>();
  private final Outage polling = Outage.of("Scheduled work", LOG);
  private volatile boolean stopped;
  private boolean started;
  private boolean running;
  private boolean again;
  private long timer = -1;
  private Promise<Void> idle;

  Scheduler(Vertx vertx, Pool pool, Clock clock, Options options) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.pool = pool;
    this.clock = clock;
    this.options = options;
  }

  @Override
  public Schedule on(String kind, Function<Due, Future<?>> handler) {
    handlers.put(kind, handler);
    return this;
  }

  @Override
  public Future<Integer> runDue() {
    return runDue(0);
  }

  private Future<Integer> runDue(int ran) {
    if (handlers.isEmpty() || stopped) {
      return Future.succeededFuture(ran);
    }
    OffsetDateTime now = Writer.now(clock);
    UUID token = UUID.randomUUID();
    OffsetDateTime leaseEnd = now.plus(options.getLease());
    return ScheduledWork.claim(pool, Set.copyOf(handlers.keySet()), token, now, leaseEnd, options.getBatch())
      .compose(claimed -> runAll(claimed, token, leaseEnd)
        // A full batch may have left more behind.
        .compose(n -> claimed.size() == options.getBatch() ? runDue(ran + n) : Future.succeededFuture(ran + n)));
  }

  /** Runs the claimed work one after the other, oldest first; completes with how many ran. */
  private Future<Integer> runAll(List<Claimed> claimed, UUID token, OffsetDateTime leaseEnd) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (Claimed c : claimed) {
      chain = chain.compose(n -> run(c.due(), token, leaseEnd).map(ran -> ran ? n + 1 : n));
    }
    return chain;
  }

  private Future<Boolean> run(Due due, UUID token, OffsetDateTime leaseEnd) {
    Duration left = Duration.between(Writer.now(clock), leaseEnd);
    if (stopped || left.isNegative() || left.isZero()) {
      // Not begun: whoever claims next may run it now (after the lease, another instance may have already).
      return ScheduledWork.release(pool, due, token).map(false);
    }
    Future<?> result;
    try {
      result = handlers.get(due.kind()).apply(due);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    // Once the lease is over another instance may run it: this run counts as failed, whatever it does later.
    return result.timeout(left.toMillis() + 1, TimeUnit.MILLISECONDS)
      .transform(ar -> ar.succeeded() ? ScheduledWork.done(pool, due, token)
        : failed(due, token, ar.cause() instanceof TimeoutException
          ? new TimeoutException("still running when its lease ended") : ar.cause()))
      .map(true);
  }

  private Future<Boolean> failed(Due due, UUID token, Throwable cause) {
    OffsetDateTime next = Writer.now(clock).plus(options.backoff(due.attempts()));
    String reason = Outage.reason(cause);
    LOG.warn("Scheduled work {} {} failed on attempt {}, next at {}: {}", due.kind(), due.key(), due.attempts(),
      next, reason);
    return ScheduledWork.failed(pool, due, token, next, reason);
  }

  @Override
  public void start() {
    context.runOnContext(v -> {
      started = true;
      pass();
    });
  }

  @Override
  public void kick() {
    context.runOnContext(v -> pass());
  }

  @Override
  public Future<Void> stop() {
    Promise<Void> stopping = Promise.promise();
    context.runOnContext(v -> {
      stopped = true;
      vertx.cancelTimer(timer);
      if (!running) {
        stopping.complete();
      } else {
        if (idle == null) {
          idle = Promise.promise();
        }
        idle.future().onComplete(stopping);
      }
    });
    return stopping.future();
  }

  /** On the context: runs what is due, then arms the timer for the next due time, at most a poll interval away. */
  private void pass() {
    if (!started || stopped) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    vertx.cancelTimer(timer);
    Future<OffsetDateTime> next;
    try {
      next = runDue().compose(ran -> ScheduledWork.next(pool, Set.copyOf(handlers.keySet())));
    } catch (RuntimeException e) {
      next = Future.failedFuture(e);
    }
    next.onComplete(ar -> {
      running = false;
      if (stopped) {
        if (idle != null) {
          idle.tryComplete();
        }
        return;
      }
      Duration wait = options.getPollInterval();
      if (ar.failed()) {
        // The database: tried again every poll interval, logged when the failures start and end.
        polling.failed(ar.cause());
      } else {
        polling.succeeded();
        if (ar.result() != null) {
          Duration until = Duration.between(Writer.now(clock), ar.result());
          wait = until.compareTo(wait) < 0 ? until : wait;
        }
      }
      if (again) {
        pass();
        return;
      }
      timer = vertx.setTimer(Math.max(wait.toMillis(), MIN_WAIT.toMillis()), id -> pass());
    });
  }
}
