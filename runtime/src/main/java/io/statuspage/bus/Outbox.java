package io.statuspage.bus;

import io.statuspage.bus.messages.Event;
import io.statuspage.runtime.Outage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The transactional outbox of one service schema. A change and its events are written in one transaction
 * ({@link #append}); after commit the relay takes them out two ways, so an event is never lost between commit and
 * sending:
 * <ul>
 *   <li><b>published</b> on the service's topic, fire-and-forget, and marked {@code published_at}: for whoever
 *   listens now (gateways rebuild their snapshot on it);</li>
 *   <li><b>delivered</b> to each durable consumer ({@link #deliverTo}), request/reply, one event after the other in
 *   outbox order. A consumer's position moves past an event only once the consumer acknowledged it; a failure or no
 *   answer is retried later with a growing delay, so a consumer that was away for an hour gets everything when it is
 *   back. At-least-once: a crash between the acknowledgement and the commit sends it again, and the consumer dedupes
 *   on the event id ({@link EventConsumer}).</li>
 * </ul>
 *
 * <p>Tables in every service schema that has an outbox:
 * <pre>
 * outbox(id bigserial, event_id uuid unique, type text, payload jsonb, created_at timestamptz,
 *        published_at timestamptz)
 * outbox_consumer(consumer text primary key,      -- the durable consumer's address
 *                 delivered_id bigint,            -- outbox id of the last event it acknowledged
 *                 attempts int, next_attempt_at timestamptz, last_error text, delivered_at timestamptz)
 * </pre>
 * Each consumer is one row: relays of several instances lock it with {@code FOR UPDATE SKIP LOCKED} while they
 * deliver, so one relay at a time sends to a consumer, in order. A position only works if ids are committed in
 * order; {@link #append} makes sure of that.
 *
 * <p>Use: {@code Outbox.create(vertx, pool, topic).deliverTo(Services.Notifier.INBOX).start(interval)}, then
 * {@link #kick()} after each commit that appended; {@link io.statuspage.runtime.ServiceVerticle} does all of it.
 */
public final class Outbox {

  /**
   * What the relay records (published, delivered up to) is bookkeeping: lost in a crash, it only makes the relay send
   * again what consumers dedupe on its id. So it is committed without waiting for the disk, and the write path's
   * own commits, which must wait, do not queue behind it.
   */
  private static final String BOOKKEEPING = "SET LOCAL synchronous_commit = off";
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  static final int BATCH = 200;
  static final int DELIVERY_BATCH = 100;
  private static final Duration KEEP = Duration.ofDays(7);
  private static final Duration PRUNE_EVERY = Duration.ofHours(1);
  // Transaction-scoped and keyed by the table, so it is the schema's own: see append().
  private static final String ORDER_LOCK = "SELECT pg_advisory_xact_lock('outbox'::regclass::oid::bigint)";

  private final Vertx vertx;
  private final Pool pool;
  private final String topic;
  private final Outage relaying;
  private final Map<String, Outage> consumers = new LinkedHashMap<>();
  private final List<Loop> loops = new ArrayList<>();
  private Duration firstRetry = Duration.ofSeconds(1);
  private Duration maxRetry = Duration.ofMinutes(1);
  private Duration sendTimeout = Duration.ofSeconds(10);
  private boolean stopped;
  private long timer = -1;
  private long pruneTimer = -1;

  private Outbox(Vertx vertx, Pool pool, String topic) {
    this.vertx = vertx;
    this.pool = pool;
    this.topic = topic;
    this.relaying = Outage.of("Outbox relay (" + topic + ")", LOG);
    loops.add(new Loop(() -> relay().map(n -> n == BATCH)));
  }

  /** An outbox whose events are published on {@code topic}. */
  public static Outbox create(Vertx vertx, Pool pool, String topic) {
    return new Outbox(vertx, pool, topic);
  }

  /** Also delivers every event, acknowledged and in order, to the durable consumer at {@code address}. */
  public Outbox deliverTo(String address) {
    if (!consumers.containsKey(address)) {
      consumers.put(address, Outage.of("Delivery of " + topic + " to " + address, LOG));
      loops.add(new Loop(() -> deliver(address).map(n -> n == DELIVERY_BATCH)));
    }
    return this;
  }

  /** The delay after a consumer's first failure, doubling with each further one up to {@code max}. */
  public Outbox retry(Duration first, Duration max) {
    firstRetry = first;
    maxRetry = max;
    return this;
  }

  /** How long to wait for a consumer's acknowledgement before counting the attempt as failed (default 10 s). */
  public Outbox sendTimeout(Duration timeout) {
    sendTimeout = timeout;
    return this;
  }

  /** The durable consumers, by address. */
  public List<String> consumers() {
    return List.copyOf(consumers.keySet());
  }

  /**
   * Writes an event in the caller's transaction; the relay sends it after commit.
   *
   * <p>It first takes the outbox's transaction-scoped lock, held until commit: transactions that append commit one
   * after the other, so outbox ids become visible in id order and a consumer's position never moves past an event
   * that is still being committed. Append last in a transaction: the lock is then held only for the commit.
   */
  public static Future<JsonObject> append(SqlClient tx, String type, JsonObject data) {
    UUID id = UUID.randomUUID();
    return tx.query(ORDER_LOCK).execute()
      .compose(locked -> tx.preparedQuery("INSERT INTO outbox (event_id, type, payload) VALUES ($1, $2, $3) "
        + "RETURNING created_at").execute(Tuple.of(id, type, data)))
      .map(rows -> JsonObject.mapFrom(new Event(id, type,
        rows.iterator().next().getOffsetDateTime("created_at").toInstant(), data)));
  }

  private static Event event(Row row) {
    Object payload = row.getValue("payload");
    return new Event(row.getUUID("event_id"), row.getString("type"), row.getOffsetDateTime("created_at").toInstant(),
      payload instanceof JsonObject json ? json : new JsonObject());
  }

  /**
   * {@linkplain #register Registers} the durable consumers, then relays every
   * {@code interval} as a safety net and prunes hourly; call {@link #kick()} after a commit for promptness.
   */
  public Future<Void> start(Duration interval) {
    return register().onSuccess(v -> {
      timer = vertx.setPeriodic(interval.toMillis(), id -> kick());
      pruneTimer = vertx.setPeriodic(PRUNE_EVERY.toMillis(), id -> prune(KEEP));
      kick();
    });
  }

  /**
   * Gives each durable consumer its row, if it has none yet, at position 0: a consumer configured later than its
   * producer receives what the outbox still keeps (a week), and one configured from the start receives everything.
   */
  public Future<Void> register() {
    return consumers.isEmpty() ? Future.succeededFuture()
      : pool.preparedQuery("INSERT INTO outbox_consumer (consumer) VALUES ($1) ON CONFLICT (consumer) DO NOTHING")
        .executeBatch(consumers.keySet().stream().map(Tuple::of).toList()).mapEmpty();
  }

  /** Stops the timers; completes when the passes under way have ended (no further event is sent by them). */
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    vertx.cancelTimer(pruneTimer);
    return Future.join(loops.stream().map(Loop::idle).toList()).mapEmpty();
  }

  /**
   * Deletes events published longer than {@code keep} ago that every durable consumer has acknowledged: the table
   * holds only what may still be relayed.
   */
  public Future<Integer> prune(Duration keep) {
    Future<Integer> pruned = consumers.isEmpty()
      ? pool.preparedQuery("DELETE FROM outbox WHERE published_at < now() - make_interval(secs => $1)")
        .execute(Tuple.of((double) keep.toSeconds())).map(rows -> rows.rowCount())
      // A consumer without a row has acknowledged nothing.
      : pool.preparedQuery("DELETE FROM outbox o WHERE published_at < now() - make_interval(secs => $1) "
          + "AND NOT EXISTS (SELECT 1 FROM unnest($2::text[]) AS c (consumer) WHERE NOT EXISTS ("
          + "SELECT 1 FROM outbox_consumer oc WHERE oc.consumer = c.consumer AND oc.delivered_id >= o.id))")
        .execute(Tuple.of((double) keep.toSeconds()).addArrayOfString(consumers.keySet().toArray(String[]::new)))
        .map(rows -> rows.rowCount());
    return pruned.onFailure(e -> LOG.debug("Outbox prune on {} failed: {}", topic, e.getMessage()));
  }

  /** Relays now: publishes, and delivers to each consumer; a kick during a pass runs one more pass afterwards. */
  public void kick() {
    loops.forEach(Loop::kick);
  }

  /**
   * One publishing pass: claims a batch (SKIP LOCKED, so instances of the service share the work), publishes in
   * order, marks it published, commits. A crash before commit republishes the batch: consumers dedupe on the id.
   */
  public Future<Integer> relay() {
    return pool.withTransaction(tx -> tx.query(BOOKKEEPING).execute().compose(async -> tx
      .preparedQuery("SELECT id, event_id, type, payload, created_at FROM outbox WHERE published_at IS NULL "
        + "ORDER BY id LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED")
      .execute()
      .compose(rows -> {
        if (rows.size() == 0) {
          return Future.succeededFuture(0);
        }
        Long[] ids = new Long[rows.size()];
        int i = 0;
        for (Row row : rows) {
          ids[i++] = row.getLong("id");
          vertx.eventBus().publish(topic, JsonObject.mapFrom(event(row)));
        }
        return tx.preparedQuery("UPDATE outbox SET published_at = now() WHERE id = ANY($1)")
          .execute(Tuple.of(ids))
          .map(done -> rows.size());
      })));
  }

  /**
   * One delivery pass to {@code consumer}: unless another relay holds its row or it is waiting to retry, sends the
   * events after its position one at a time, each once the previous was acknowledged, stopping at the first failure;
   * then records the new position and, after a failure, when to try again. Completes with the number acknowledged;
   * a refusal is recorded and logged, not a failed pass.
   */
  public Future<Integer> deliver(String consumer) {
    Outage outage = consumers.get(consumer);
    if (outage == null) {
      return Future.failedFuture(new IllegalArgumentException("Not a consumer of " + topic + ": " + consumer));
    }
    return pool.withTransaction(tx -> tx.query(BOOKKEEPING).execute().compose(async -> tx
        .preparedQuery("SELECT delivered_id, attempts FROM outbox_consumer WHERE consumer = $1 "
          + "AND next_attempt_at <= now() FOR UPDATE SKIP LOCKED")
        .execute(Tuple.of(consumer))
        .compose(cursor -> {
          if (cursor.size() == 0) {
            return Future.succeededFuture(Sent.NOTHING);
          }
          Row position = cursor.iterator().next();
          return tx.preparedQuery("SELECT id, event_id, type, payload, created_at FROM outbox WHERE id > $1 "
              + "ORDER BY id LIMIT " + DELIVERY_BATCH)
            .execute(Tuple.of(position.getLong("delivered_id")))
            .compose(rows -> send(consumer, rows, position.getLong("delivered_id")))
            .compose(sent -> record(tx, consumer, position.getInteger("attempts"), sent));
        })))
      .map(sent -> {
        // A consumer still starting is not an outage: logged from the second failure in a row.
        if (sent.refused() != null && sent.attempts() > 1) {
          outage.failed(sent.refused());
        } else if (sent.refused() == null && sent.count() > 0) {
          outage.succeeded();
        }
        return sent.count();
      });
  }

  private Future<Sent> send(String consumer, Iterable<Row> rows, long from) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(sendTimeout.toMillis());
    Future<Sent> chain = Future.succeededFuture(new Sent(from, 0, null, 0));
    for (Row row : rows) {
      long id = row.getLong("id");
      Event event = event(row);
      chain = chain.compose(sent -> sent.refused() != null || stopped ? Future.succeededFuture(sent)
        : vertx.eventBus().request(consumer, JsonObject.mapFrom(event), options)
          .map(ack -> sent.acknowledged(id))
          .otherwise(sent::refusedBy));
    }
    return chain;
  }

  private Future<Sent> record(SqlClient tx, String consumer, int attempts, Sent sent) {
    if (sent.count() == 0 && sent.refused() == null) {
      return Future.succeededFuture(sent);
    }
    boolean refused = sent.refused() != null;
    int tries = refused ? attempts + 1 : 0;
    // clock_timestamp(), not now(): the transaction began before the sends, which may have taken a while.
    return tx.preparedQuery("UPDATE outbox_consumer SET delivered_id = $2, attempts = $3, "
        + "next_attempt_at = clock_timestamp() + make_interval(secs => $4), last_error = $5, "
        + "delivered_at = CASE WHEN $6 THEN clock_timestamp() ELSE delivered_at END WHERE consumer = $1")
      .execute(Tuple.of(consumer, sent.position(), tries, refused ? backoff(tries) : 0.0,
        refused ? Outage.reason(sent.refused()) : null, sent.count() > 0))
      .map(new Sent(sent.position(), sent.count(), sent.refused(), tries));
  }

  /** Seconds to wait after the {@code tries}-th failure in a row. */
  double backoff(int tries) {
    double seconds = firstRetry.toMillis() / 1000.0 * Math.pow(2, Math.min(tries - 1, 30));
    return Math.min(seconds, maxRetry.toMillis() / 1000.0);
  }

  /**
   * What a delivery pass did: the position reached, how many were acknowledged, the failure it stopped at, and the
   * failures in a row so far.
   */
  private record Sent(long position, int count, Throwable refused, int attempts) {
    static final Sent NOTHING = new Sent(0, 0, null, 0);

    Sent acknowledged(long id) {
      return new Sent(id, count + 1, null, attempts);
    }

    Sent refusedBy(Throwable failure) {
      return new Sent(position, count, failure, attempts);
    }
  }

  /** Runs one kind of pass at a time; a kick during a pass runs another right after it. */
  private final class Loop {
    private final Supplier<Future<Boolean>> pass;
    private boolean running;
    private boolean again;
    private Promise<Void> idle;

    Loop(Supplier<Future<Boolean>> pass) {
      this.pass = pass;
    }

    void kick() {
      if (stopped) {
        return;
      }
      if (running) {
        again = true;
        return;
      }
      running = true;
      again = false;
      Future<Boolean> result;
      try {
        result = pass.get();
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(ar -> {
        running = false;
        if (stopped) {
          if (idle != null) {
            idle.tryComplete();
          }
          return;
        }
        if (ar.failed()) {
          // The database: retried by the timer every few seconds, logged when the failures start and end.
          relaying.failed(ar.cause());
          return;
        }
        relaying.succeeded();
        if (again || ar.result()) {
          kick();
        }
      });
    }

    Future<Void> idle() {
      if (!running) {
        return Future.succeededFuture();
      }
      if (idle == null) {
        idle = Promise.promise();
      }
      return idle.future();
    }
  }
}
