package io.statuspage.notifier;

import io.statuspage.api.model.SubscriberState;
import io.statuspage.runtime.Ids;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** All SQL of the notifier's subscribers. Writes take the caller's transaction as their {@link SqlClient}. */
final class SubscriberRepository {

  private static final String COLUMNS = "id, page_id, mode, email, address, endpoint, format, secret, component_ids, "
    + "incident_id, state, skip_confirmation_notification, created_at, updated_at, confirmed_at, quarantined_at, "
    + "purge_at, unsubscribed_at";

  /** What a list or count keeps: the page's own subscribers (or an incident's), by state, mode and text. */
  record Filter(String pageId, String incidentId, SubscriberState state, SubscriberRow.Mode mode, String text) {
  }

  /** The subscriber {@code key.id()}, locked until the transaction ends; null when there is none that matches. */
  Future<SubscriberRow> lock(SqlClient tx, SubscriberKey key) {
    return tx.preparedQuery("SELECT " + COLUMNS + " FROM subscriber WHERE id = $1 "
        + "AND ($2::text IS NULL OR page_id = $2) AND ($3::text IS NULL OR incident_id = $3) FOR UPDATE")
      .execute(Tuple.of(key.id(), key.pageId(), key.incidentId()))
      .map(rows -> first(rows));
  }

  /**
   * The live subscriber with {@code key}'s address, or null; under a lock on the address until the transaction
   * ends, so that of two requests for one address the second sees the first's subscriber.
   */
  Future<SubscriberRow> lockAddress(SqlClient tx, SubscriberKey key) {
    String incident = key.incidentId() == null ? "" : key.incidentId();
    return tx.preparedQuery("SELECT true FROM pg_advisory_xact_lock(hashtextextended($1, 0))")
      .execute(Tuple.of(String.join("\n", "subscriber", key.pageId(), key.mode().wire(), key.address(), incident)))
      .compose(locked -> tx.preparedQuery("SELECT " + COLUMNS + " FROM subscriber WHERE page_id = $1 AND mode = $2 "
          + "AND address = $3 AND coalesce(incident_id, '') = $4 AND state <> 'unsubscribed'")
        .execute(Tuple.of(key.pageId(), key.mode().wire(), key.address(), incident)))
      .map(rows -> first(rows));
  }

  /** A subscriber by id (of any page when the key names none), not locked (reads). */
  Future<SubscriberRow> get(SqlClient client, SubscriberKey key) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM subscriber WHERE id = $1 "
        + "AND ($2::text IS NULL OR page_id = $2) "
        + "AND ($3::text IS NULL OR incident_id = $3)")
      .execute(Tuple.of(key.id(), key.pageId(), key.incidentId()))
      .map(rows -> first(rows));
  }

  /** Subscribers that pass {@code filter}, oldest first. */
  Future<List<SubscriberRow>> list(SqlClient client, Filter filter, long offset, int limit) {
    Tuple params = where(filter).addLong(offset).addInteger(limit);
    return client.preparedQuery("SELECT " + COLUMNS + " FROM subscriber WHERE " + WHERE
        + " ORDER BY created_at, id OFFSET $6 LIMIT $7")
      .execute(params)
      .map(rows -> {
        List<SubscriberRow> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(row(row)));
        return out;
      });
  }

  Future<Long> count(SqlClient client, Filter filter) {
    return client.preparedQuery("SELECT count(*) FROM subscriber WHERE " + WHERE).execute(where(filter))
      .map(rows -> rows.iterator().next().getLong(0));
  }

  // $1 page, $2 incident (null: the page's own subscribers), $3 state (null: all), $4 mode, $5 text (literal).
  private static final String WHERE = "page_id = $1 AND incident_id IS NOT DISTINCT FROM $2::text "
    + "AND ($3::text IS NULL OR state = $3) AND ($4::text IS NULL OR mode = $4) "
    + "AND ($5::text IS NULL OR strpos(lower(email || ' ' || coalesce(endpoint, '')), lower($5::text)) > 0)";

  private static Tuple where(Filter f) {
    return Tuple.of(f.pageId(), f.incidentId(), f.state() == null ? null : f.state().getValue(),
      f.mode() == null ? null : f.mode().wire(), f.text());
  }

  /** Writes what the draft changed, and the confirmation mail it asked for. */
  Future<Void> save(SqlClient tx, SubscriberDraft draft) {
    SubscriberRow inserted = draft.inserted();
    SubscriberRow updated = draft.updated();
    Future<?> written = Future.succeededFuture();
    if (inserted != null) {
      written = tx.preparedQuery("INSERT INTO subscriber (" + COLUMNS + ") VALUES "
          + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)")
        .execute(Tuple.from(new Object[] {inserted.id(), inserted.pageId(), inserted.mode().wire(), inserted.email(),
          inserted.address(), inserted.endpoint(), inserted.format(), inserted.secret(),
          inserted.componentIds().toArray(String[]::new), inserted.incidentId(), inserted.state().getValue(),
          inserted.skipConfirmationNotification(), inserted.createdAt(), inserted.updatedAt(), inserted.confirmedAt(),
          inserted.quarantinedAt(), inserted.purgeAt(), inserted.unsubscribedAt()}));
    } else if (updated != null) {
      written = tx.preparedQuery("UPDATE subscriber SET component_ids = $2, state = $3, updated_at = $4, "
          + "confirmed_at = $5, quarantined_at = $6, purge_at = $7, unsubscribed_at = $8 WHERE id = $1")
        .execute(Tuple.from(new Object[] {updated.id(), updated.componentIds().toArray(String[]::new),
          updated.state().getValue(), updated.updatedAt(), updated.confirmedAt(), updated.quarantinedAt(),
          updated.purgeAt(), updated.unsubscribedAt()}));
    }
    // The request and the mail's delivery row together: the email worker sends it, and stamps the request's sent_at.
    return written.compose(v -> !draft.confirmationRequested() ? Future.succeededFuture()
      : tx.preparedQuery("WITH r AS (INSERT INTO confirmation_request (subscriber_id, requested_at, delivery_id) "
          + "VALUES ($1, $2, $3) RETURNING subscriber_id) INSERT INTO delivery (id, event_id, subscriber_id, channel, "
          + "event_type, payload, created_at, next_attempt_at) SELECT $3, gen_random_uuid(), r.subscriber_id, 'email', "
          + "$4, '{}', $2, $2 FROM r")
        .execute(Tuple.of(draft.row().id(), draft.now(), "cnf_" + Ids.random(24), DeliveryRepository.CONFIRMATION))
        .mapEmpty());
  }

  /** The token key stored in the schema, made from {@code candidate} by the first instance to ask. */
  Future<byte[]> tokenKey(SqlClient client, byte[] candidate) {
    return client.preparedQuery("INSERT INTO token_key (id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING")
      .execute(Tuple.of(Buffer.buffer(candidate)))
      .compose(inserted -> client.preparedQuery("SELECT key FROM token_key WHERE id = 1").execute())
      .map(rows -> rows.iterator().next().getBuffer("key").getBytes());
  }

  private static SubscriberRow first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : row(rows.iterator().next());
  }

  private static SubscriberRow row(Row row) {
    return new SubscriberRow(row.getString("id"), row.getString("page_id"),
      SubscriberRow.Mode.of(row.getString("mode")), row.getString("email"), row.getString("address"),
      row.getString("endpoint"), row.getString("format"), row.getString("secret"),
      Arrays.asList(row.getArrayOfStrings("component_ids")), row.getString("incident_id"),
      SubscriberState.fromValue(row.getString("state")), row.getBoolean("skip_confirmation_notification"),
      row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"), row.getOffsetDateTime("confirmed_at"),
      row.getOffsetDateTime("quarantined_at"), row.getOffsetDateTime("purge_at"),
      row.getOffsetDateTime("unsubscribed_at"));
  }
}
