package io.statuspage.notifier;

import io.statuspage.bus.Outbox;
import io.statuspage.bus.Services;
import io.statuspage.runtime.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * All SQL of deliveries: the fan-out of an event into one row per subscriber (in the caller's transaction), the
 * claiming of due rows under a lease, and the marking of how a send went, fenced by that lease.
 */
final class DeliveryRepository {

  /** Event type of a confirmation mail's delivery (double opt-in). */
  static final String CONFIRMATION = "subscriber.confirmation";
  /** Event type of the mail that tells a webhook's contact it was quarantined or is gone. */
  static final String CONTACT_NOTICE = "subscriber.contact-notice";

  /** A subscriber an event reaches, and the format its body takes. */
  record Target(String subscriberId, String format) {
  }

  /** A new delivery row; its body is the event's payload of {@code kind} (see {@link #addPayloads}). */
  record Planned(String id, String subscriberId, String kind) {
  }

  /** A claimed delivery and where it goes (a webhook's endpoint and secret; the email address either way). */
  record Claimed(String id, String subscriberId, String eventType, String payload, int attempts, String endpoint,
                 String secret, String subscriberState, String email, String pageId) {
  }

  /** Active (for email: confirmed) subscribers of the page ($1) in a mode ($2). */
  private static final String ACTIVE = "SELECT id, format FROM subscriber WHERE page_id = $1 "
    + "AND state = 'active' AND mode = $2 ";

  /** Subscribers in {@code mode} (webhook, email) of the page that a status change of {@code componentId} reaches. */
  Future<List<Target>> componentTargets(SqlClient tx, String mode, String pageId, String componentId) {
    return tx.preparedQuery(ACTIVE + "AND incident_id IS NULL "
        + "AND (cardinality(component_ids) = 0 OR $3 = ANY(component_ids)) ORDER BY id")
      .execute(Tuple.of(pageId, mode, componentId))
      .map(DeliveryRepository::targets);
  }

  /**
   * Subscribers in {@code mode} an incident reaches: those of any affected component, the page's "all components"
   * ones, and the incident's own.
   */
  Future<List<Target>> incidentTargets(SqlClient tx, String mode, String pageId, String incidentId,
                                       List<String> componentIds) {
    return tx.preparedQuery(ACTIVE + "AND (incident_id = $4 OR incident_id IS NULL "
        + "AND (cardinality(component_ids) = 0 OR component_ids && $3::text[])) ORDER BY id")
      .execute(Tuple.of(pageId, mode, componentIds.toArray(String[]::new), incidentId))
      .map(DeliveryRepository::targets);
  }

  /** Stores what an event says, once per kind (kind → body); a redelivered event keeps the first. */
  Future<Void> addPayloads(SqlClient tx, UUID eventId, java.util.Map<String, String> bodies) {
    if (bodies.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery("INSERT INTO event_payload (event_id, kind, body) SELECT $1, p.kind, p.body "
        + "FROM unnest($2::text[], $3::text[]) AS p (kind, body) ON CONFLICT DO NOTHING")
      .execute(Tuple.of(eventId, bodies.keySet().toArray(String[]::new), bodies.values().toArray(String[]::new)))
      .mapEmpty();
  }

  /** Writes the rows; one already there for (event, subscriber) stays as it is. Returns how many were added. */
  Future<Integer> add(SqlClient tx, UUID eventId, String eventType, String channel, List<Planned> planned,
                      OffsetDateTime now) {
    if (planned.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return tx.preparedQuery("INSERT INTO delivery (id, event_id, subscriber_id, channel, event_type, payload_kind, "
        + "created_at, next_attempt_at) SELECT d.id, $1, d.subscriber_id, $2, $3, d.kind, $4, $4 "
        + "FROM unnest($5::text[], $6::text[], $7::text[]) AS d (id, subscriber_id, kind) "
        + "ON CONFLICT (event_id, subscriber_id) DO NOTHING")
      .execute(Tuple.from(new Object[] {eventId, channel, eventType, now,
        planned.stream().map(Planned::id).toArray(String[]::new),
        planned.stream().map(Planned::subscriberId).toArray(String[]::new),
        planned.stream().map(Planned::kind).toArray(String[]::new)}))
      .map(rows -> rows.rowCount());
  }

  /**
   * Leases up to {@code limit} due deliveries of {@code channel} until {@code leaseEnd}, skipping rows another worker
   * holds and subscribers that already have {@code perEndpoint} deliveries leased, oldest due first.
   */
  Future<List<Claimed>> claim(Pool pool, String channel, UUID lease, OffsetDateTime now, OffsetDateTime leaseEnd,
                              int limit, int perEndpoint) {
    return pool.preparedQuery("WITH claimed AS (UPDATE delivery d SET lease = $1, leased_until = $2 "
        + "WHERE d.id IN (SELECT c.id FROM delivery c WHERE c.state = 'pending' AND c.channel = $6 "
        + "AND c.next_attempt_at <= $3 AND (c.leased_until IS NULL OR c.leased_until < $3) "
        + "AND (SELECT count(*) FROM delivery b WHERE b.subscriber_id = c.subscriber_id AND b.lease IS NOT NULL "
        + "AND b.state = 'pending' AND b.leased_until >= $3) < $5 "
        + "ORDER BY c.next_attempt_at, c.id LIMIT $4 FOR UPDATE SKIP LOCKED) "
        + "RETURNING d.id, d.event_id, d.subscriber_id, d.event_type, d.payload, d.payload_kind, d.attempts, "
        + "d.next_attempt_at) "
        + "SELECT c.id, c.subscriber_id, c.event_type, coalesce(c.payload, p.body) AS payload, c.attempts, "
        + "s.endpoint, s.secret, s.state, s.email, s.page_id FROM claimed c "
        + "JOIN subscriber s ON s.id = c.subscriber_id "
        + "LEFT JOIN event_payload p ON p.event_id = c.event_id AND p.kind = c.payload_kind "
        + "ORDER BY c.next_attempt_at, c.id")
      .execute(Tuple.of(lease, leaseEnd, now, limit, perEndpoint, channel))
      .map(rows -> {
        List<Claimed> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(new Claimed(row.getString("id"), row.getString("subscriber_id"),
          row.getString("event_type"), row.getString("payload"), row.getInteger("attempts"),
          row.getString("endpoint"), row.getString("secret"), row.getString("state"), row.getString("email"),
          row.getString("page_id"))));
        return out;
      });
  }

  /**
   * A mail not accepted: recorded, and tried again at {@code next}, or never ({@code permanent}: the server refused
   * it for good). A mail's failures do not count towards a subscriber's quarantine, which is for webhooks.
   */
  Future<Void> mailFailed(Pool pool, Claimed d, UUID lease, int status, String error, OffsetDateTime next,
                          boolean permanent, OffsetDateTime now) {
    return pool.preparedQuery("UPDATE delivery SET attempts = attempts + 1, last_attempt_at = $3, last_status = $4, "
        + "last_error = $5, next_attempt_at = $6, lease = NULL, leased_until = NULL, "
        + "state = CASE WHEN $7 THEN 'stopped' ELSE state END WHERE id = $1 AND lease = $2")
      .execute(Tuple.from(new Object[] {d.id(), lease, now, status == 0 ? null : status, error, next, permanent}))
      .mapEmpty();
  }

  /** Gives a claimed row back untouched, for this or another worker to take later. */
  Future<Void> release(Pool pool, String id, UUID lease) {
    return pool.preparedQuery("UPDATE delivery SET lease = NULL, leased_until = NULL WHERE id = $1 AND lease = $2")
      .execute(Tuple.of(id, lease)).mapEmpty();
  }

  /** A delivery accepted by its receiver (a 2xx, an SMTP 250), under the lease it was claimed with. */
  record Sent(String id, String subscriberId, String eventType, UUID lease, int status, OffsetDateTime at) {
  }

  /**
   * Deliveries accepted by their receivers, in one transaction: each done (if its lease still holds), its subscriber's
   * run of failures over, and the confirmation request or contact notice a mail carried stamped sent.
   */
  Future<Void> sent(Pool pool, List<Sent> sent) {
    String[] ids = sent.stream().map(Sent::id).toArray(String[]::new);
    return pool.withTransaction(tx -> tx.preparedQuery("UPDATE delivery d SET state = 'sent', "
          + "attempts = d.attempts + 1, sent_at = s.at, last_attempt_at = s.at, last_status = s.status, "
          + "last_error = NULL, lease = NULL, leased_until = NULL "
          + "FROM unnest($1::text[], $2::uuid[], $3::int[], $4::timestamptz[]) AS s (id, lease, status, at) "
          + "WHERE d.id = s.id AND d.lease = s.lease RETURNING d.id, d.subscriber_id, d.event_type, s.at")
        .execute(Tuple.of(ids, sent.stream().map(Sent::lease).toArray(UUID[]::new),
          sent.stream().map(Sent::status).toArray(Integer[]::new),
          sent.stream().map(Sent::at).toArray(OffsetDateTime[]::new)))
        .compose(done -> {
          List<String> subscribers = new ArrayList<>();
          List<String> notices = new ArrayList<>();
          OffsetDateTime at = null;
          for (Row row : done) {
            subscribers.add(row.getString("subscriber_id"));
            String type = row.getString("event_type");
            if (CONFIRMATION.equals(type) || CONTACT_NOTICE.equals(type)) {
              notices.add(row.getString("id"));
              at = row.getOffsetDateTime("at");
            }
          }
          Future<?> reset = subscribers.isEmpty() ? Future.succeededFuture()
            : tx.preparedQuery("UPDATE subscriber SET failures = 0, failing_since = NULL WHERE id = ANY($1) "
              + "AND failures > 0").execute(Tuple.of(subscribers.toArray(String[]::new)));
          if (notices.isEmpty()) {
            return reset.mapEmpty();
          }
          Tuple stamp = Tuple.of(notices.toArray(String[]::new), at);
          return reset
            .compose(v -> tx.preparedQuery("UPDATE confirmation_request SET sent_at = $2 "
              + "WHERE delivery_id = ANY($1) AND sent_at IS NULL").execute(stamp))
            .compose(v -> tx.preparedQuery("UPDATE contact_notice SET sent_at = $2 "
              + "WHERE delivery_id = ANY($1) AND sent_at IS NULL").execute(stamp))
            .mapEmpty();
        }));
  }

  /** Not sent, for good: the subscriber is no longer active. */
  Future<Void> stop(Pool pool, Claimed d, UUID lease, String why, OffsetDateTime now) {
    return pool.preparedQuery("UPDATE delivery SET state = 'stopped', last_error = $3, lease = NULL, "
        + "leased_until = NULL WHERE id = $1 AND lease = $2")
      .execute(Tuple.of(d.id(), lease, why)).mapEmpty();
  }

  /**
   * A failed attempt: records it on the delivery (to be tried again at {@code next}) and on the subscriber's run of
   * failures. A 410 ({@code gone}), or {@code quarantineAfter} failures in a row of which the first is at least
   * {@code span} old, quarantines the subscriber: its pending deliveries stop, its contact is to be told (a
   * {@code contact_notice} row) and the change is announced on the outbox. Returns whether it quarantined.
   */
  Future<Boolean> failed(Pool pool, Claimed d, UUID lease, int status, String error, OffsetDateTime next,
                         boolean gone, int quarantineAfter, Duration span, OffsetDateTime now) {
    Integer code = status == 0 ? null : status;
    return pool.withTransaction(tx -> tx.preparedQuery("UPDATE delivery SET attempts = attempts + 1, "
          + "last_attempt_at = $3, last_status = $4, last_error = $5, next_attempt_at = $6, lease = NULL, "
          + "leased_until = NULL, state = CASE WHEN $7 THEN 'stopped' ELSE state END WHERE id = $1 AND lease = $2")
        .execute(Tuple.from(new Object[] {d.id(), lease, now, code, error, next, gone}))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
          : tx.preparedQuery("UPDATE subscriber SET failures = failures + 1, "
              + "failing_since = coalesce(failing_since, $2) WHERE id = $1 AND state = 'active' "
              + "RETURNING failures, failing_since")
            .execute(Tuple.of(d.subscriberId(), now))
            .compose(counted -> {
              if (counted.size() == 0) {
                return Future.succeededFuture(false);
              }
              Row row = counted.iterator().next();
              boolean quarantine = gone || row.getInteger("failures") >= quarantineAfter
                && !row.getOffsetDateTime("failing_since").plus(span).isAfter(now);
              return quarantine ? quarantine(tx, d.subscriberId(), gone ? "gone" : "quarantined", error, now)
                .map(true) : Future.succeededFuture(false);
            })));
  }

  private Future<Void> quarantine(SqlClient tx, String subscriberId, String reason, String detail,
                                  OffsetDateTime now) {
    SubscriberRepository subscribers = new SubscriberRepository();
    return subscribers.lock(tx, SubscriberKey.byId(null, null, subscriberId))
      .compose(row -> {
        SubscriberRow quarantined = row.quarantined(now);
        return tx.preparedQuery("UPDATE subscriber SET state = $2, updated_at = $3, quarantined_at = $4, "
              + "purge_at = $5, failures = 0, failing_since = NULL WHERE id = $1")
          .execute(Tuple.of(subscriberId, quarantined.state().getValue(), now, quarantined.quarantinedAt(),
            quarantined.purgeAt()))
          .compose(v -> tx.preparedQuery("UPDATE delivery SET state = 'stopped', last_error = $2, lease = NULL, "
              + "leased_until = NULL WHERE subscriber_id = $1 AND state = 'pending' AND channel = 'webhook'")
            .execute(Tuple.of(subscriberId, "The subscriber was quarantined")))
          .compose(v -> tx.preparedQuery("WITH n AS (INSERT INTO contact_notice (subscriber_id, reason, detail, "
              + "requested_at, delivery_id) VALUES ($1, $2, $3, $4, $5) RETURNING subscriber_id) INSERT INTO delivery "
              + "(id, event_id, subscriber_id, channel, event_type, payload, created_at, next_attempt_at) "
              + "SELECT $5, gen_random_uuid(), n.subscriber_id, 'email', $6, $7, $4, $4 FROM n")
            .execute(Tuple.from(new Object[] {subscriberId, reason, detail, now, "ctc_" + Ids.random(24),
              CONTACT_NOTICE, new JsonObject().put("reason", reason).put("detail", detail).encode()})))
          .compose(v -> Outbox.append(tx, Services.Notifier.SUBSCRIBER_CHANGED,
            JsonObject.mapFrom(quarantined.view())))
          .mapEmpty();
      });
  }

  /** Removes the quarantined subscribers whose {@code purge_at} has passed (their deliveries go with them). */
  Future<Integer> purge(Pool pool, OffsetDateTime now) {
    return pool.preparedQuery("DELETE FROM subscriber WHERE state = 'quarantined' AND purge_at <= $1")
      .execute(Tuple.of(now)).map(rows -> rows.rowCount());
  }

  /** How many finished deliveries one statement removes: short statements, however much there is to remove. */
  static final int PRUNE_BATCH = 5000;

  /**
   * Removes the finished (sent or stopped) deliveries created before {@code before}, in batches, then the payloads no
   * delivery needs any more and the record of events taken in before then (the relay stops resending an event once
   * acknowledged, long before). Pending rows stay however old: they are still to be sent. Completes with the number
   * of deliveries removed.
   */
  Future<Long> prune(Pool pool, OffsetDateTime before) {
    return pruneDeliveries(pool, before, 0)
      .compose(removed -> pool.preparedQuery("DELETE FROM event_payload p WHERE NOT EXISTS "
          + "(SELECT 1 FROM delivery d WHERE d.event_id = p.event_id)").execute()
        .compose(v -> pool.preparedQuery("DELETE FROM received_event WHERE received_at < $1")
          .execute(Tuple.of(before)))
        .map(removed));
  }

  private Future<Long> pruneDeliveries(Pool pool, OffsetDateTime before, long sofar) {
    return pool.preparedQuery("DELETE FROM delivery WHERE id IN (SELECT id FROM delivery WHERE state <> 'pending' "
        + "AND created_at < $1 ORDER BY created_at LIMIT $2)").execute(Tuple.of(before, PRUNE_BATCH))
      .compose(rows -> rows.rowCount() < PRUNE_BATCH ? Future.succeededFuture(sofar + rows.rowCount())
        : pruneDeliveries(pool, before, sofar + rows.rowCount()));
  }

  /** The delivery log of one subscriber of the page, newest first. */
  Future<JsonArray> log(SqlClient client, String pageId, String subscriberId, long offset, int limit) {
    return client.preparedQuery("SELECT d.id, d.created_at, d.event_type, d.state, d.attempts, d.last_attempt_at, "
        + "d.last_status, d.last_error, d.next_attempt_at, d.sent_at FROM delivery d JOIN subscriber s "
        + "ON s.id = d.subscriber_id WHERE s.page_id = $1 AND s.id = $2 ORDER BY d.created_at DESC, d.id "
        + "OFFSET $3 LIMIT $4")
      .execute(Tuple.of(pageId, subscriberId, offset, limit))
      .map(rows -> {
        JsonArray out = new JsonArray();
        rows.forEach(row -> out.add(new JsonObject()
          .put("id", row.getString("id"))
          .put("created_at", row.getOffsetDateTime("created_at").toInstant().toString())
          .put("event_type", row.getString("event_type"))
          .put("state", row.getString("state"))
          .put("attempts", row.getInteger("attempts"))
          .put("last_attempt_at", instant(row.getOffsetDateTime("last_attempt_at")))
          .put("status_code", row.getInteger("last_status"))
          .put("error", row.getString("last_error"))
          .put("next_attempt_at", "pending".equals(row.getString("state"))
            ? instant(row.getOffsetDateTime("next_attempt_at")) : null)
          .put("sent_at", instant(row.getOffsetDateTime("sent_at")))));
        return out;
      });
  }

  private static String instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant().toString();
  }

  private static List<Target> targets(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Target> out = new ArrayList<>(rows.size());
    rows.forEach(row -> out.add(new Target(row.getString("id"), row.getString("format"))));
    return out;
  }
}
