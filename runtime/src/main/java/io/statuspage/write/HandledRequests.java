package io.statuspage.write;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * The replies of the keyed writes a service has applied, by request id ({@link io.statuspage.bus.Services#REQUEST_ID}),
 * so that a write sent again (a gateway retrying on the next instance after a timeout, or a client retrying with its
 * key) is answered with its first reply instead of being applied twice. The id is recorded in the transaction of the
 * change: a write that rolls back leaves no record, and a record never exists without its change.
 *
 * <p>The service's schema has the table (component-service's {@code V3__handled_requests.sql}):
 * <pre>
 * handled_request(request_id text primary key, reply json, handled_at timestamptz not null)
 * </pre>
 * Use: {@link Writer#write(Object, String, java.util.function.Function)} for each action that creates something,
 * with {@code request.requestId()} of the endpoint's request; and {@link #prune} now and then, from a
 * {@link io.statuspage.runtime.ServiceVerticle} timer.
 */
public final class HandledRequests {

  /** How long an id is remembered: as long as a gateway remembers the key it came from. */
  public static final Duration RETENTION = Duration.ofHours(24);

  private HandledRequests() {
  }

  /**
   * Claims {@code requestId} for the transaction {@code tx}: completes with null when the id is new (or older than
   * {@link #RETENTION}) and the change should go ahead, else with the reply recorded for it. A duplicate that arrives
   * while the first is still in its transaction waits here for its end: it then gets the committed reply, or, after
   * a rollback, goes ahead itself.
   */
  public static Future<JsonObject> claim(SqlClient tx, String requestId, OffsetDateTime now) {
    return tx.preparedQuery("INSERT INTO handled_request (request_id, handled_at) VALUES ($1, $2) "
        + "ON CONFLICT (request_id) DO UPDATE SET reply = NULL, handled_at = EXCLUDED.handled_at "
        + "WHERE handled_request.handled_at <= $3")
      .execute(Tuple.of(requestId, now, now.minus(RETENTION)))
      .compose(claimed -> claimed.rowCount() == 1 ? Future.succeededFuture(null)
        : tx.preparedQuery("SELECT reply FROM handled_request WHERE request_id = $1").execute(Tuple.of(requestId))
          .map(rows -> (JsonObject) rows.iterator().next().getValue("reply")));
  }

  /** Records the reply of the write that claimed {@code requestId}, in its transaction. */
  public static Future<Void> record(SqlClient tx, String requestId, JsonObject reply) {
    return tx.preparedQuery("UPDATE handled_request SET reply = $2 WHERE request_id = $1")
      .execute(Tuple.of(requestId, reply)).mapEmpty();
  }

  /** Forgets the ids handled more than {@link #RETENTION} before {@code now}; completes with how many. */
  public static Future<Integer> prune(SqlClient client, OffsetDateTime now) {
    return client.preparedQuery("DELETE FROM handled_request WHERE handled_at <= $1")
      .execute(Tuple.of(now.minus(RETENTION))).map(rows -> rows.rowCount());
  }
}
