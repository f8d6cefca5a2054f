package io.statuspage.incident;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** All SQL of the incident service. Writes take the caller's transaction as their {@link SqlClient}. */
final class IncidentRepository {

  /** The lists the management API offers, as a condition on {@code incident} and an order. */
  enum Selection {
    ALL("true", "created_at DESC, id DESC"),
    UNRESOLVED("scheduled_for IS NULL AND status IN ('investigating', 'identified', 'monitoring')",
      "created_at DESC, id DESC"),
    // Statuspage's two lists of what is still to come: upcoming leaves out windows already over.
    UPCOMING("status = 'scheduled' AND scheduled_until > $2", "scheduled_for, id"),
    SCHEDULED("status = 'scheduled'", "scheduled_for, id"),
    ACTIVE_MAINTENANCE("status IN ('in_progress', 'verifying')", "scheduled_for, id");

    final String where;
    final String order;

    Selection(String where, String order) {
      this.where = where;
      this.order = order;
    }
  }

  private static final String SELECT_INCIDENT = "SELECT " + IncidentRow.COLUMNS + " FROM incident ";

  /** The incident {@code id}, locked until the transaction ends; null when there is none. */
  Future<IncidentRow> lock(SqlClient tx, String id) {
    return tx.preparedQuery(SELECT_INCIDENT + "WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
      .map(rows -> first(rows, IncidentRow::from));
  }

  Future<IncidentRow> incident(SqlClient client, String id) {
    return client.preparedQuery(SELECT_INCIDENT + "WHERE id = $1").execute(Tuple.of(id))
      .map(rows -> first(rows, IncidentRow::from));
  }

  /** A page of a selection of the page's incidents ({@code now} for those that depend on time). */
  Future<List<IncidentRow>> select(SqlClient client, String pageId, Selection selection, java.time.OffsetDateTime now,
                                   int limit, long offset) {
    boolean timed = selection.where.contains("$2");
    String sql = SELECT_INCIDENT + "WHERE page_id = $1 AND " + selection.where + " ORDER BY " + selection.order
      + " LIMIT $" + (timed ? 3 : 2) + " OFFSET $" + (timed ? 4 : 3);
    Tuple params = timed ? Tuple.of(pageId, now, limit, offset) : Tuple.of(pageId, limit, offset);
    return client.preparedQuery(sql).execute(params).map(rows -> all(rows, IncidentRow::from));
  }

  /**
   * A page of the page's incidents, newest first, whose name, status, postmortem or an update's body contains
   * {@code text}, ignoring case; LIKE's wildcards in it are taken literally.
   */
  Future<List<IncidentRow>> search(SqlClient client, String pageId, String text, int limit, long offset) {
    String pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return client.preparedQuery(SELECT_INCIDENT + "i WHERE page_id = $1 AND (name ILIKE $2 OR status ILIKE $2 "
        + "OR postmortem_body ILIKE $2 OR EXISTS (SELECT 1 FROM incident_update u WHERE u.incident_id = i.id "
        + "AND u.body ILIKE $2)) ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4")
      .execute(Tuple.of(pageId, pattern, limit, offset)).map(rows -> all(rows, IncidentRow::from));
  }

  /** Every incident of every page, newest first. */
  Future<List<IncidentRow>> everything(SqlClient client) {
    return client.preparedQuery(SELECT_INCIDENT + "ORDER BY created_at DESC, id DESC").execute()
      .map(rows -> all(rows, IncidentRow::from));
  }

  /** The updates of the incidents {@code ids}, by incident. */
  Future<Map<String, List<UpdateRow>>> updates(SqlClient client, List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client.preparedQuery("SELECT " + UpdateRow.COLUMNS + " FROM incident_update WHERE incident_id = ANY($1)")
      .execute(Tuple.of(ids.toArray(String[]::new)))
      .map(rows -> all(rows, UpdateRow::from).stream()
        .collect(Collectors.groupingBy(u -> u.incidentId, LinkedHashMap::new, Collectors.toList())));
  }

  /** Writes a draft's changes; the incident's updates go with it when it is deleted. */
  Future<Void> save(SqlClient tx, Draft.Changes changes) {
    Future<Void> incident;
    if (changes.inserted() != null) {
      incident = tx.preparedQuery("INSERT INTO incident (" + IncidentRow.COLUMNS + ") VALUES ("
          + placeholders(25) + ")").execute(Tuple.from(changes.inserted().values())).mapEmpty();
    } else if (changes.updated() != null) {
      incident = tx.preparedQuery("UPDATE incident SET (" + IncidentRow.COLUMNS + ") = (" + placeholders(25)
        + ") WHERE id = $1").execute(Tuple.from(changes.updated().values())).mapEmpty();
    } else if (changes.deleted()) {
      incident = tx.preparedQuery("DELETE FROM incident WHERE id = $1").execute(Tuple.of(changes.id())).mapEmpty();
    } else {
      incident = Future.succeededFuture();
    }
    return incident
      .compose(v -> batch(tx, "INSERT INTO incident_update (" + UpdateRow.COLUMNS + ") VALUES (" + placeholders(10)
        + ")", changes.newUpdates(), u -> Tuple.from(u.values())))
      .compose(v -> batch(tx, "UPDATE incident_update SET (" + UpdateRow.COLUMNS + ") = (" + placeholders(10)
        + ") WHERE id = $1", changes.editedUpdates(), u -> Tuple.from(u.values())));
  }

  // Templates

  Future<Void> insertTemplate(SqlClient tx, TemplateRow template) {
    return tx.preparedQuery("INSERT INTO incident_template (" + TemplateRow.COLUMNS + ") VALUES (" + placeholders(11)
      + ")").execute(Tuple.from(template.values())).mapEmpty();
  }

  Future<TemplateRow> template(SqlClient client, String pageId, String id) {
    return client.preparedQuery("SELECT " + TemplateRow.COLUMNS + " FROM incident_template WHERE page_id = $1 "
      + "AND id = $2").execute(Tuple.of(pageId, id)).map(rows -> first(rows, TemplateRow::from));
  }

  Future<List<TemplateRow>> templates(SqlClient client, String pageId, int limit, long offset) {
    return client.preparedQuery("SELECT " + TemplateRow.COLUMNS + " FROM incident_template WHERE page_id = $1 "
        + "ORDER BY created_at, id LIMIT $2 OFFSET $3").execute(Tuple.of(pageId, limit, offset))
      .map(rows -> all(rows, TemplateRow::from));
  }

  private static String placeholders(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      s.append(i == 1 ? "" : ", ").append('$').append(i);
    }
    return s.toString();
  }

  private static <T> Future<Void> batch(SqlClient tx, String sql, List<T> items, Function<T, Tuple> params) {
    return items.isEmpty() ? Future.succeededFuture()
      : tx.preparedQuery(sql).executeBatch(items.stream().map(params).toList()).mapEmpty();
  }

  private static <T> T first(RowSet<Row> rows, Function<Row, T> mapper) {
    return rows.size() == 0 ? null : mapper.apply(rows.iterator().next());
  }

  private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> out = new ArrayList<>(rows.size());
    rows.forEach(row -> out.add(mapper.apply(row)));
    return out;
  }
}
