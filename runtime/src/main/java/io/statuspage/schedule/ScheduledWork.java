package io.statuspage.schedule;

import io.statuspage.schedule.Schedule.Due;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** The SQL of {@link Schedule}: the {@code scheduled_work} table of the service's schema. */
final class ScheduledWork {

  private ScheduledWork() {
  }

  /** A claimed row: the work, and where it stands in the queue (for running oldest first). */
  record Claimed(Due due, OffsetDateTime nextAttemptAt) {
    static final Comparator<Claimed> OLDEST_FIRST = Comparator.comparing(Claimed::nextAttemptAt)
      .thenComparing(c -> c.due().dueAt()).thenComparing(c -> c.due().kind()).thenComparing(c -> c.due().key());
  }

  static Future<Void> at(SqlClient tx, String kind, String key, OffsetDateTime due) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    // What timestamptz keeps: the instant, to the microsecond (PostgreSQL would round; this truncates, as Writer).
    OffsetDateTime utc = due.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    return tx.preparedQuery("INSERT INTO scheduled_work AS w (kind, key, due_at, next_attempt_at) "
        + "VALUES ($1, $2, $3, $3) ON CONFLICT (kind, key) DO UPDATE SET due_at = EXCLUDED.due_at, "
        + "next_attempt_at = EXCLUDED.due_at, attempts = 0, claim = NULL, claimed_until = NULL, last_error = NULL "
        + "WHERE w.due_at <> EXCLUDED.due_at")
      .execute(Tuple.of(kind, key, utc)).mapEmpty();
  }

  static Future<Void> cancel(SqlClient tx, String kind, String key) {
    return tx.preparedQuery("DELETE FROM scheduled_work WHERE kind = $1 AND key = $2")
      .execute(Tuple.of(kind, key)).mapEmpty();
  }

  /**
   * Claims up to {@code batch} rows of {@code kinds} due at {@code now} and not under another lease, until
   * {@code until}, with {@code token}; one statement, so the claim commits at once. Oldest first.
   */
  static Future<List<Claimed>> claim(SqlClient client, Collection<String> kinds, UUID token, OffsetDateTime now,
                                     OffsetDateTime until, int batch) {
    return client.preparedQuery("UPDATE scheduled_work w SET claim = $1, claimed_until = $2, attempts = w.attempts + 1 "
        + "WHERE (w.kind, w.key) IN (SELECT kind, key FROM scheduled_work WHERE kind = ANY($3) "
        + "AND next_attempt_at <= $4 AND (claimed_until IS NULL OR claimed_until <= $4) "
        + "ORDER BY next_attempt_at, due_at LIMIT $5 FOR UPDATE SKIP LOCKED) "
        + "RETURNING w.kind, w.key, w.due_at, w.next_attempt_at, w.attempts")
      .execute(Tuple.of(token, until).addArrayOfString(kinds.toArray(String[]::new)).addOffsetDateTime(now)
        .addInteger(batch))
      .map(rows -> {
        List<Claimed> claimed = new ArrayList<>();
        for (Row row : rows) {
          claimed.add(new Claimed(new Due(row.getString("kind"), row.getString("key"),
            row.getOffsetDateTime("due_at"), row.getInteger("attempts")), row.getOffsetDateTime("next_attempt_at")));
        }
        // RETURNING keeps no order.
        claimed.sort(Claimed.OLDEST_FIRST);
        return claimed;
      });
  }

  /** Deletes done work, unless it was rescheduled, replaced or claimed again since {@code token}'s claim. */
  static Future<Boolean> done(SqlClient client, Due due, UUID token) {
    return client.preparedQuery("DELETE FROM scheduled_work WHERE kind = $1 AND key = $2 AND claim = $3 "
        + "AND due_at = $4")
      .execute(Tuple.of(due.kind(), due.key(), token, due.dueAt())).map(rows -> rows.rowCount() == 1);
  }

  /** Records a failed attempt of {@code token}'s claim: tried again from {@code next}. */
  static Future<Boolean> failed(SqlClient client, Due due, UUID token, OffsetDateTime next, String error) {
    return client.preparedQuery("UPDATE scheduled_work SET next_attempt_at = $4, last_error = $5, claim = NULL, "
        + "claimed_until = NULL WHERE kind = $1 AND key = $2 AND claim = $3")
      .execute(Tuple.of(due.kind(), due.key(), token, next, error)).map(rows -> rows.rowCount() == 1);
  }

  /** Gives back work {@code token} claimed and did not run: claimable at once, the attempt not counted. */
  static Future<Void> release(SqlClient client, Due due, UUID token) {
    return client.preparedQuery("UPDATE scheduled_work SET claim = NULL, claimed_until = NULL, "
        + "attempts = attempts - 1 WHERE kind = $1 AND key = $2 AND claim = $3")
      .execute(Tuple.of(due.kind(), due.key(), token)).mapEmpty();
  }

  /** When the next row of {@code kinds} may be claimed (its due time, or the end of its lease); null when none. */
  static Future<OffsetDateTime> next(SqlClient client, Collection<String> kinds) {
    return client.preparedQuery("SELECT min(GREATEST(next_attempt_at, claimed_until)) AS next FROM scheduled_work "
        + "WHERE kind = ANY($1)")
      .execute(Tuple.tuple().addArrayOfString(kinds.toArray(String[]::new)))
      .map(rows -> rows.iterator().next().getOffsetDateTime("next"));
  }
}
