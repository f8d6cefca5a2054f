package io.statuspage.bus;

import io.statuspage.runtime.Outage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The transactional outbox of one service schema. A change and its event are written in one transaction
 * ({@link #append}); the relay then publishes unpublished rows on the service's event topic and marks them, so an
 * event is never lost between commit and publish (at-least-once: consumers dedupe on the event {@code id}).
 *
 * <p>Every service schema that publishes events has the table:
 * {@code outbox(id bigserial, event_id uuid unique, type text, payload jsonb, created_at timestamptz,
 * published_at timestamptz)}.
 */
public final class Outbox {

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final int BATCH = 200;
  private static final Duration KEEP = Duration.ofDays(7);
  private static final Duration PRUNE_EVERY = Duration.ofHours(1);

  private final Vertx vertx;
  private final Pool pool;
  private final String topic;
  private final Outage relaying;
  private boolean stopped;
  private boolean running;
  private boolean again;
  private long timer = -1;
  private long pruneTimer = -1;

  private Outbox(Vertx vertx, Pool pool, String topic) {
    this.vertx = vertx;
    this.pool = pool;
    this.topic = topic;
    this.relaying = Outage.of("Outbox relay (" + topic + ")", LOG);
  }

  public static Outbox create(Vertx vertx, Pool pool, String topic) {
    return new Outbox(vertx, pool, topic);
  }

  /** Writes an event in the caller's transaction; the relay publishes it after commit. */
  public static Future<JsonObject> append(SqlClient tx, String type, JsonObject data) {
    UUID id = UUID.randomUUID();
    return tx.preparedQuery("INSERT INTO outbox (event_id, type, payload) VALUES ($1, $2, $3) RETURNING created_at")
      .execute(Tuple.of(id, type, data))
      .map(rows -> envelope(id, type, rows.iterator().next().getOffsetDateTime("created_at"), data));
  }

  private static JsonObject envelope(UUID id, String type, OffsetDateTime at, JsonObject data) {
    return new JsonObject().put("id", id.toString()).put("type", type)
      .put("occurred_at", at.toInstant().toString()).put("data", data);
  }

  /** Relays every {@code interval} as a safety net; call {@link #kick()} after a commit for promptness. */
  public Outbox start(Duration interval) {
    timer = vertx.setPeriodic(interval.toMillis(), id -> kick());
    pruneTimer = vertx.setPeriodic(PRUNE_EVERY.toMillis(), id -> prune(KEEP));
    kick();
    return this;
  }

  public void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (pruneTimer >= 0) {
      vertx.cancelTimer(pruneTimer);
    }
  }

  /** Deletes events published longer than {@code keep} ago; the table holds only what may still be relayed. */
  public Future<Integer> prune(Duration keep) {
    return pool.preparedQuery("DELETE FROM outbox WHERE published_at < now() - make_interval(secs => $1)")
      .execute(Tuple.of((double) keep.toSeconds()))
      .map(rows -> rows.rowCount())
      .onFailure(e -> LOG.debug("Outbox prune on {} failed: {}", topic, e.getMessage()));
  }

  /** Relays now; a kick during a relay runs one more pass afterwards. */
  public void kick() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    relay().onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        if (stopped) {
          return;
        }
        // Retried by the timer every few seconds: logged when the failures start and end, not per attempt.
        relaying.failed(ar.cause());
        return;
      }
      relaying.succeeded();
      if (again || ar.result() == BATCH) {
        again = false;
        kick();
      }
    });
  }

  /**
   * One pass: claims a batch (SKIP LOCKED, so instances of the service share the work), publishes in order, marks
   * it published, commits. A crash before commit republishes the batch: consumers dedupe on the event id.
   */
  public Future<Integer> relay() {
    return pool.withTransaction(tx -> tx
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
          Object payload = row.getValue("payload");
          vertx.eventBus().publish(topic, envelope(row.getUUID("event_id"), row.getString("type"),
            row.getOffsetDateTime("created_at"), payload instanceof JsonObject json ? json : new JsonObject()));
        }
        return tx.preparedQuery("UPDATE outbox SET published_at = now() WHERE id = ANY($1)")
          .execute(Tuple.of(ids))
          .map(done -> rows.size());
      }));
  }
}
