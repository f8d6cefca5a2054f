package io.statuspage.write;

import io.statuspage.bus.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

/**
 * The transactional write of a service's aggregates. One {@link #write} is one transaction: lock and load the
 * aggregate as a draft ({@link Aggregate#lock}), let a function edit the draft in memory and say what to reply and
 * emit ({@link Outcome}), save what changed ({@link Aggregate#save}), append the events to the outbox, commit, then
 * kick the outbox relay. A failure anywhere (a {@link io.statuspage.bus.ServiceError} thrown by the function, a
 * constraint) rolls all of it back, so nothing is half-applied. A change that changes nothing writes nothing and
 * emits nothing: scripts re-send the same status often. A keyed write ({@link #write(Object, String, Function)}) is
 * applied once however often it is sent.
 *
 * <p>Use: {@code writer = Writer.create(pool, outbox, clock, Aggregate.of(repo::lock, repo::save))}, then
 * {@code writer.write(id, draft -> { draft.rename(name); return Outcome.of(view(draft)).emit(CHANGED, data); })}.
 *
 * @param <K> what identifies an aggregate
 * @param <D> its draft
 */
public final class Writer<K, D> {

  private final Pool pool;
  private final Outbox outbox;
  private final Clock clock;
  private final Aggregate<K, D> aggregate;

  private Writer(Pool pool, Outbox outbox, Clock clock, Aggregate<K, D> aggregate) {
    this.pool = pool;
    this.outbox = outbox;
    this.clock = clock;
    this.aggregate = aggregate;
  }

  /** A writer of {@code aggregate} on {@code pool}, appending to {@code outbox}, with time from {@code clock}. */
  public static <K, D> Writer<K, D> create(Pool pool, Outbox outbox, Clock clock, Aggregate<K, D> aggregate) {
    return new Writer<>(pool, outbox, clock, aggregate);
  }

  /** Applies {@code change} to the aggregate {@code key} in one transaction; completes with its reply after commit. */
  public <T> Future<T> write(K key, Function<D, Outcome<T>> change) {
    OffsetDateTime now = now();
    return pool.withTransaction(tx -> apply(tx, key, now, change)).onSuccess(reply -> outbox.kick());
  }

  /**
   * As {@link #write(Object, Function)}, once per {@code requestId} ({@link io.statuspage.bus.Services#REQUEST_ID}):
   * the id and the reply are recorded with the change ({@link HandledRequests}), and the same id sent again is
   * answered with that reply, changing and emitting nothing. Without an id, a plain write.
   */
  public Future<JsonObject> write(K key, String requestId, Function<D, Outcome<JsonObject>> change) {
    if (requestId == null) {
      return write(key, change);
    }
    OffsetDateTime now = now();
    return pool.withTransaction(tx -> HandledRequests.claim(tx, requestId, now)
        .compose(earlier -> earlier != null ? Future.succeededFuture(earlier) : apply(tx, key, now, change)
          .compose(reply -> HandledRequests.record(tx, requestId, reply).map(reply))))
      .onSuccess(reply -> outbox.kick());
  }

  private <T> Future<T> apply(SqlClient tx, K key, OffsetDateTime now, Function<D, Outcome<T>> change) {
    return aggregate.lock(tx, key, now).compose(draft -> {
      Outcome<T> outcome = change.apply(draft);
      return aggregate.save(tx, draft).compose(changed -> {
        Future<?> appended = Future.succeededFuture();
        if (changed) {
          for (Outcome.Emitted event : outcome.events()) {
            appended = appended.compose(v -> Outbox.append(tx, event.type(), event.data()));
          }
        }
        return appended.map(v -> outcome.reply());
      });
    });
  }

  /** The clock's time as PostgreSQL keeps it, so that a reply equals a later read. */
  public OffsetDateTime now() {
    return now(clock);
  }

  /** {@code clock}'s time in UTC, truncated to microseconds: what a {@code timestamptz} column keeps. */
  public static OffsetDateTime now(Clock clock) {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }
}
