package io.statuspage.component;

import io.statuspage.api.ComponentStatuses;
import io.statuspage.api.model.ComponentStatus;
import io.statuspage.bus.ServiceError;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A page with its components, loaded in a transaction and edited in memory: rows hold the fields, the
 * {@link Layout} decides groups and positions. {@link #changes()} is what must be written for the rows to match,
 * with the status changes {@linkplain #record recorded} along the way.
 * A component that changes group is touched ({@code updated_at}); one that only shifts position is not.
 */
final class Draft {

  private final Map<String, ComponentRow> before = new LinkedHashMap<>();
  private final Map<String, ComponentRow> rows = new LinkedHashMap<>();
  private final List<StatusChangeRow> history = new ArrayList<>();
  private final List<Skip> skips = new ArrayList<>();
  private final PageRow pageBefore;
  private final OffsetDateTime now;
  private PageRow page;
  final Layout layout;

  Draft(PageRow page, List<ComponentRow> rowsInPositionOrder, OffsetDateTime now) {
    this.pageBefore = page;
    this.page = page;
    this.now = now;
    rowsInPositionOrder.forEach(row -> before.put(row.id(), row));
    rows.putAll(before);
    layout = Layout.of(rowsInPositionOrder);
  }

  PageRow page() {
    return page;
  }

  void page(PageRow edited) {
    page = edited;
  }

  ZoneId zone() {
    return page.zone();
  }

  OffsetDateTime now() {
    return now;
  }

  /** The component (not group) {@code id}, or 404. */
  ComponentRow component(String id) {
    ComponentRow row = rows.get(id);
    if (row == null || row.group()) {
      throw ServiceError.notFound("component", id);
    }
    return row(id);
  }

  /** The group {@code id}, or 404. */
  ComponentRow group(String id) {
    ComponentRow row = rows.get(id);
    if (row == null || !row.group()) {
      throw ServiceError.notFound("component group", id);
    }
    return row(id);
  }

  /** The row as it stands, placed where the layout puts it. */
  ComponentRow row(String id) {
    ComponentRow row = rows.get(id);
    String groupId = layout.groupOf(id);
    ComponentRow placed = row.placed(groupId, layout.position(id));
    ComponentRow old = before.get(id);
    return old != null && !Objects.equals(old.groupId(), groupId) ? placed.touched(now) : placed;
  }

  boolean isComponent(String id) {
    ComponentRow row = rows.get(id);
    return row != null && !row.group();
  }

  /** Adds or replaces a row's fields; a new row must also be placed in the layout. */
  void put(ComponentRow row) {
    rows.put(row.id(), row);
  }

  void remove(String id) {
    layout.remove(id);
    rows.remove(id);
  }

  /** Deletes the groups left without members (Statuspage keeps none); returns their ids. */
  List<String> removeEmptyGroups() {
    List<String> empty = layout.emptyGroups();
    empty.forEach(this::remove);
    return empty;
  }

  /** Every row in display order. */
  List<ComponentRow> display() {
    return layout.displayOrder().stream().map(this::row).toList();
  }

  List<ComponentRow> members(String groupId) {
    return layout.members(groupId).stream().map(this::row).toList();
  }

  List<String> memberIds(String groupId) {
    return layout.members(groupId);
  }

  /** A group's status is its worst member's; a component's is its own. */
  ComponentStatus shownStatus(ComponentRow row) {
    return row.group() ? ComponentStatuses.worst(members(row.id()).stream().map(ComponentRow::status).toList())
      : row.status();
  }

  /** Adds a status change to the history written with the rows. */
  void record(StatusChangeRow change) {
    history.add(change);
  }

  /** Records an automatic request that found its component held. */
  void skip(Skip skip) {
    skips.add(skip);
  }

  /** An automatic request left undone because a person holds the component's status. */
  record Skip(String pageId, String componentId, ComponentStatus heldStatus, ComponentStatus requestedStatus,
              String reason, String source, OffsetDateTime at) {
  }

  Changes changes() {
    List<ComponentRow> inserted = new ArrayList<>();
    List<ComponentRow> updated = new ArrayList<>();
    for (String id : rows.keySet()) {
      ComponentRow row = row(id);
      if (!before.containsKey(id)) {
        inserted.add(row);
      } else if (!row.equals(before.get(id))) {
        updated.add(row);
      }
    }
    List<String> deleted = before.keySet().stream().filter(id -> !rows.containsKey(id)).toList();
    return new Changes(page.equals(pageBefore) ? null : page, inserted, updated, deleted, List.copyOf(history),
      List.copyOf(skips));
  }

  /**
   * What a transaction must write: the page when edited, then inserts, updates and deletes in that order, then the
   * history. Empty when no row changed: history alone is never written. Skipped automatic requests are written
   * even when nothing else is.
   */
  record Changes(PageRow page, List<ComponentRow> inserted, List<ComponentRow> updated, List<String> deleted,
                 List<StatusChangeRow> history, List<Skip> skips) {

    boolean isEmpty() {
      return page == null && inserted.isEmpty() && updated.isEmpty() && deleted.isEmpty();
    }
  }
}
