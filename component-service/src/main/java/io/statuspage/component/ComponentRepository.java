package io.statuspage.component;

import io.statuspage.api.model.ComponentStatus;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** All SQL of the component service. Writes take the caller's transaction as their {@link SqlClient}. */
final class ComponentRepository {

  // Serialises page bootstrap across instances; any constant unique to this schema will do.
  private static final long BOOTSTRAP_LOCK = 0x636f6d70L;

  private static final String PAGE_COLUMNS = "id, name, page_description, url, time_zone, created_at, updated_at";
  private static final String COMPONENT_COLUMNS = "id, page_id, name, description, status, position, group_id, "
    + "is_group, showcase, only_show_if_degraded, start_date, automation_email, created_at, updated_at, automation_hold";

  /** The page {@code id}, or the first page when {@code id} is null; null when there is none. */
  Future<PageRow> page(SqlClient client, String id) {
    return (id == null
      ? client.preparedQuery("SELECT " + PAGE_COLUMNS + " FROM page ORDER BY created_at, id LIMIT 1").execute()
      : client.preparedQuery("SELECT " + PAGE_COLUMNS + " FROM page WHERE id = $1").execute(Tuple.of(id)))
      .map(rows -> first(rows, ComponentRepository::page));
  }

  /** Every page, oldest first. */
  Future<List<PageRow>> pages(SqlClient client) {
    return client.preparedQuery("SELECT " + PAGE_COLUMNS + " FROM page ORDER BY created_at, id").execute()
      .map(rows -> all(rows, ComponentRepository::page));
  }

  /** The page {@code id}, locked until the transaction ends so that writes to one page run one at a time. */
  Future<PageRow> lockPage(SqlClient tx, String id) {
    return tx.preparedQuery("SELECT " + PAGE_COLUMNS + " FROM page WHERE id = $1 FOR UPDATE")
      .execute(Tuple.of(id))
      .map(rows -> first(rows, ComponentRepository::page));
  }

  /** Inserts {@code page} unless a page exists; under a lock, so concurrent instances create exactly one. */
  Future<PageRow> insertFirstPage(SqlClient tx, PageRow page) {
    return tx.preparedQuery("SELECT true FROM pg_advisory_xact_lock($1)").execute(Tuple.of(BOOTSTRAP_LOCK))
      .compose(locked -> tx.preparedQuery("INSERT INTO page (" + PAGE_COLUMNS + ") SELECT $1, $2, $3, $4, $5, $6, $7 "
          + "WHERE NOT EXISTS (SELECT 1 FROM page) RETURNING " + PAGE_COLUMNS)
        .execute(Tuple.of(page.id(), page.name(), page.pageDescription(), page.url(), page.timeZone(),
          page.createdAt(), page.updatedAt())))
      .map(rows -> first(rows, ComponentRepository::page));
  }

  /** Every component and group of the page, in position order. */
  Future<List<ComponentRow>> components(SqlClient client, String pageId) {
    return client.preparedQuery("SELECT " + COMPONENT_COLUMNS + " FROM component WHERE page_id = $1 "
        + "ORDER BY position, created_at, id")
      .execute(Tuple.of(pageId))
      .map(rows -> all(rows, ComponentRepository::component));
  }

  /** Writes a draft's changes: members move out of a group before the group is deleted. */
  Future<Void> save(SqlClient tx, Draft.Changes changes) {
    return updatePage(tx, changes.page())
      .compose(v -> batch(tx, "INSERT INTO component (" + COMPONENT_COLUMNS + ") VALUES "
        + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)", changes.inserted(), c -> Tuple.from(
          new Object[] {c.id(), c.pageId(), c.name(), c.description(), c.status().getValue(), c.position(), c.groupId(),
            c.group(), c.showcase(), c.onlyShowIfDegraded(), c.startDate(), c.automationEmail(), c.createdAt(),
            c.updatedAt(), c.automationHold()})))
      .compose(v -> batch(tx, "UPDATE component SET name = $2, description = $3, status = $4, position = $5, "
        + "group_id = $6, showcase = $7, only_show_if_degraded = $8, start_date = $9, automation_email = $10, "
        + "updated_at = $11, automation_hold = $12 WHERE id = $1", changes.updated(), c -> Tuple.from(
          new Object[] {c.id(), c.name(), c.description(), c.status().getValue(), c.position(), c.groupId(),
            c.showcase(), c.onlyShowIfDegraded(), c.startDate(), c.automationEmail(), c.updatedAt(),
            c.automationHold()})))
      .compose(v -> changes.deleted().isEmpty() ? Future.succeededFuture()
        : tx.preparedQuery("DELETE FROM component WHERE id = ANY($1)")
          .execute(Tuple.of(changes.deleted().toArray(String[]::new))).mapEmpty());
  }

  Future<Void> record(SqlClient tx, List<StatusChangeRow> changes) {
    return batch(tx, "INSERT INTO component_status_change "
        + "(page_id, component_id, old_status, new_status, changed_at, actor, reason) "
        + "VALUES ($1, $2, $3, $4, $5, $6, $7)",
      changes, c -> Tuple.of(c.pageId(), c.componentId(), c.oldStatus() == null ? null : c.oldStatus().getValue(),
        c.newStatus().getValue(), c.changedAt(), c.actor(), c.reason()));
  }

  /**
   * Automatic requests that found their component held; one is not written again while the component is unchanged
   * since an earlier one for the same status (a rule asks on every result).
   */
  Future<Void> skipped(SqlClient tx, List<Draft.Skip> skips) {
    return batch(tx, "INSERT INTO automatic_status_skip (page_id, component_id, held_status, requested_status, reason, "
        + "source, requested_at) SELECT $1, $2, $3, $4, $5, $6, $7 WHERE NOT EXISTS (SELECT 1 FROM "
        + "automatic_status_skip s JOIN component c ON c.id = s.component_id WHERE s.component_id = $2 "
        + "AND s.requested_status = $4 AND s.requested_at >= c.updated_at)",
      skips, k -> Tuple.from(new Object[] {k.pageId(), k.componentId(), k.heldStatus().getValue(),
        k.requestedStatus().getValue(), k.reason(), k.source(), k.at()}));
  }

  /** A component's status changes, newest first. */
  Future<List<StatusChangeRow>> history(SqlClient client, String pageId, String componentId, long offset, int limit) {
    return client.preparedQuery("SELECT id, page_id, component_id, old_status, new_status, changed_at, actor, reason "
        + "FROM component_status_change WHERE page_id = $1 AND component_id = $2 "
        + "ORDER BY changed_at DESC, id DESC LIMIT $3 OFFSET $4")
      .execute(Tuple.of(pageId, componentId, limit, offset))
      .map(rows -> all(rows, row -> new StatusChangeRow(row.getLong("id"), row.getString("page_id"),
        row.getString("component_id"), status(row.getString("old_status")), status(row.getString("new_status")),
        row.getOffsetDateTime("changed_at"), row.getString("actor"), row.getString("reason"))));
  }

  /** Whether {@code componentId} exists or ever existed on the page. */
  Future<Boolean> known(SqlClient client, String pageId, String componentId) {
    return client.preparedQuery("SELECT EXISTS (SELECT 1 FROM component WHERE page_id = $1 AND id = $2 "
        + "AND NOT is_group) OR EXISTS (SELECT 1 FROM component_status_change WHERE page_id = $1 "
        + "AND component_id = $2) AS known")
      .execute(Tuple.of(pageId, componentId))
      .map(rows -> rows.iterator().next().getBoolean("known"));
  }

  private static Future<Void> updatePage(SqlClient tx, PageRow page) {
    return page == null ? Future.succeededFuture()
      : tx.preparedQuery("UPDATE page SET name = $2, page_description = $3, url = $4, time_zone = $5, "
          + "updated_at = $6 WHERE id = $1")
        .execute(Tuple.of(page.id(), page.name(), page.pageDescription(), page.url(), page.timeZone(),
          page.updatedAt()))
        .mapEmpty();
  }

  private static <T> Future<Void> batch(SqlClient tx, String sql, List<T> items, Function<T, Tuple> params) {
    return items.isEmpty() ? Future.succeededFuture()
      : tx.preparedQuery(sql).executeBatch(items.stream().map(params).toList()).mapEmpty();
  }

  private static PageRow page(Row row) {
    return new PageRow(row.getString("id"), row.getString("name"), row.getString("page_description"),
      row.getString("url"), row.getString("time_zone"), row.getOffsetDateTime("created_at"),
      row.getOffsetDateTime("updated_at"));
  }

  private static ComponentRow component(Row row) {
    return new ComponentRow(row.getString("id"), row.getString("page_id"), row.getString("name"),
      row.getString("description"), status(row.getString("status")), row.getInteger("position"),
      row.getString("group_id"), row.getBoolean("is_group"), row.getBoolean("showcase"),
      row.getBoolean("only_show_if_degraded"), row.getLocalDate("start_date"), row.getString("automation_email"),
      row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"), row.getBoolean("automation_hold"));
  }

  /** Stored as the contract's wire name ({@code partial_outage}); null for a component's first status change. */
  private static ComponentStatus status(String wire) {
    return wire == null ? null : ComponentStatus.fromValue(wire);
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
