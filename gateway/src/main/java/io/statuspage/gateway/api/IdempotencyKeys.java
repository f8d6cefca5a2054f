package io.statuspage.gateway.api;

import io.statuspage.runtime.Outage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The idempotency keys of management writes, in the gateway's schema (table {@code idempotency_key}, see
 * {@code V2__idempotency_keys.sql}): all their SQL. Every statement commits on its own, so a claim is seen by every
 * gateway at once. A statement that cannot reach the database is reported to the gateway's database {@link Outage}.
 */
public final class IdempotencyKeys {

  /** What a claim found: the key is this request's now, or it is held already. */
  sealed interface Claim permits Claimed, Held {
  }

  /** The key is claimed for this attempt; only {@code token} stores or releases it. */
  record Claimed(UUID token) implements Claim {
  }

  /** The key is held for the request {@code requestHash}, with its answer, or null while that is in progress. */
  record Held(String requestHash, Answer answer) implements Claim {
  }

  // A new key is inserted; a forgotten one (older than the window) is taken over by any request, an abandoned
  // claim (in progress past its lease) by the same request only. Anything else stays as it is, and returns no row.
  private static final String CLAIM = "INSERT INTO idempotency_key AS k "
    + "(caller, key, request_hash, state, claim, created_at) VALUES ($1, $2, $3, 'in_progress', $4, $5) "
    + "ON CONFLICT (caller, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, state = 'in_progress', "
    + "claim = EXCLUDED.claim, status = NULL, headers = NULL, body = NULL, created_at = EXCLUDED.created_at "
    + "WHERE k.created_at <= $6 "
    + "OR k.state = 'in_progress' AND k.request_hash = EXCLUDED.request_hash AND k.created_at <= $7 "
    + "RETURNING claim";
  private static final String HELD = "SELECT request_hash, status, headers, body FROM idempotency_key "
    + "WHERE caller = $1 AND key = $2 AND created_at > $3";

  private final Pool pool;
  private final Outage database;

  private IdempotencyKeys(Pool pool, Outage database) {
    this.pool = pool;
    this.database = database;
  }

  /** Keys in {@code pool}; a statement that fails is reported to {@code database}. */
  public static IdempotencyKeys create(Pool pool, Outage database) {
    return new IdempotencyKeys(pool, database);
  }

  /**
   * Claims {@code key} of {@code caller} for the request {@code requestHash}, atomically across gateways.
   *
   * @param forgottenBefore rows created then or earlier count as absent
   * @param abandonedBefore claims in progress since then or earlier are abandoned
   */
  Future<Claim> claim(String caller, String key, String requestHash, Instant now, Instant forgottenBefore,
                      Instant abandonedBefore) {
    return claim(caller, key, requestHash, now, forgottenBefore, abandonedBefore, true);
  }

  private Future<Claim> claim(String caller, String key, String requestHash, Instant now, Instant forgottenBefore,
                              Instant abandonedBefore, boolean again) {
    UUID token = UUID.randomUUID();
    return reported(pool.preparedQuery(CLAIM).execute(Tuple.of(caller, key, requestHash, token, time(now),
        time(forgottenBefore), time(abandonedBefore)))
      .compose(claimed -> claimed.size() == 1 ? Future.succeededFuture(new Claimed(token))
        : pool.preparedQuery(HELD).execute(Tuple.of(caller, key, time(forgottenBefore))).compose(rows -> {
          if (rows.size() == 1) {
            return Future.succeededFuture(held(rows.iterator().next()));
          }
          // Released between the two statements: claim once more, else call it in progress (the client retries).
          return again ? claim(caller, key, requestHash, now, forgottenBefore, abandonedBefore, false)
            : Future.succeededFuture(new Held(requestHash, null));
        })));
  }

  /** Keeps {@code answer} as the one for the key {@code token} claimed. */
  Future<Void> complete(String caller, String key, UUID token, Answer answer) {
    JsonObject headers = new JsonObject();
    answer.headers().forEach(headers::put);
    return reported(pool.preparedQuery("UPDATE idempotency_key SET state = 'done', status = $4, headers = $5, "
        + "body = $6 WHERE caller = $1 AND key = $2 AND claim = $3")
      .execute(Tuple.of(caller, key, token, answer.status(), headers, answer.body()))).mapEmpty();
  }

  /** Gives up the claim {@code token} holds: the request got no answer worth keeping, and may be sent again. */
  Future<Void> release(String caller, String key, UUID token) {
    return reported(pool.preparedQuery("DELETE FROM idempotency_key WHERE caller = $1 AND key = $2 AND claim = $3 "
        + "AND state = 'in_progress'")
      .execute(Tuple.of(caller, key, token))).mapEmpty();
  }

  /** Deletes the keys created at {@code before} or earlier; completes with how many. */
  Future<Integer> prune(Instant before) {
    return reported(pool.preparedQuery("DELETE FROM idempotency_key WHERE created_at <= $1")
      .execute(Tuple.of(time(before)))).map(rows -> rows.rowCount());
  }

  private static Held held(Row row) {
    Integer status = row.getInteger("status");
    if (status == null) {
      return new Held(row.getString("request_hash"), null);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    JsonObject stored = (JsonObject) row.getValue("headers");
    stored.forEach(header -> headers.put(header.getKey(), String.valueOf(header.getValue())));
    return new Held(row.getString("request_hash"), new Answer(status, headers, row.getBuffer("body")));
  }

  private <T> Future<T> reported(Future<T> statement) {
    return statement.onComplete(done -> {
      if (done.succeeded()) {
        database.succeeded();
      } else {
        database.failed(done.cause());
      }
    });
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
