package io.statuspage.incident;

import io.statuspage.api.model.AffectedComponent;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.bus.ServiceError;
import io.statuspage.runtime.Ids;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One incident with its updates, loaded under lock (or absent, for a create) and edited in memory;
 * {@link #changes()} is what must be written for the rows to match. {@code opId}, when set, names the component
 * change applied with this edit: the save settles it in the same transaction.
 */
final class Draft {

  private final String id;
  private final OffsetDateTime now;
  private final IncidentRow before;
  private final Map<String, UpdateRow> updatesBefore = new LinkedHashMap<>();
  private final Map<String, UpdateRow> updates = new LinkedHashMap<>();
  private IncidentRow row;
  private String opId;

  Draft(String id, IncidentRow loaded, List<UpdateRow> loadedUpdates, OffsetDateTime now) {
    this.id = id;
    this.now = now;
    this.before = loaded;
    this.row = loaded == null ? null : loaded.copy();
    loadedUpdates.forEach(u -> {
      updatesBefore.put(u.id, u);
      updates.put(u.id, u.copy());
    });
  }

  String id() {
    return id;
  }

  OffsetDateTime now() {
    return now;
  }

  boolean exists() {
    return row != null;
  }

  /** The incident being edited, if it is on {@code pageId} (any page when null); else 404. */
  IncidentRow incident(String pageId) {
    if (row == null || pageId != null && !pageId.equals(row.pageId)) {
      throw ServiceError.notFound("incident", id);
    }
    return row;
  }

  void create(IncidentRow created) {
    if (row != null) {
      throw new IllegalStateException("incident " + id + " exists");
    }
    row = created;
  }

  void delete() {
    row = null;
    updates.clear();
  }

  /** Appends an update stamped {@code at} (now, or a backfilled incident's time). */
  UpdateRow append(IncidentStatus status, String body, OffsetDateTime at, List<AffectedComponent> affected,
                   boolean deliver, String author) {
    UpdateRow u = new UpdateRow();
    u.id = Ids.newId();
    u.incidentId = id;
    u.status = status;
    u.body = body;
    u.createdAt = at;
    u.updatedAt = at;
    u.displayAt = at;
    u.affected = affected == null || affected.isEmpty() ? null : List.copyOf(affected);
    u.deliverNotifications = deliver;
    u.author = author;
    updates.put(u.id, u);
    return u;
  }

  UpdateRow update(String updateId) {
    UpdateRow u = updates.get(updateId);
    if (u == null) {
      throw ServiceError.notFound("incident update", updateId);
    }
    return u;
  }

  /** Updates newest first. */
  List<UpdateRow> updates() {
    List<UpdateRow> all = new ArrayList<>(updates.values());
    all.sort(Comparator.comparing((UpdateRow u) -> u.createdAt).thenComparing(u -> u.id).reversed());
    return all;
  }

  String opId() {
    return opId;
  }

  void opId(String opId) {
    this.opId = opId;
  }

  Changes changes() {
    IncidentRow inserted = before == null && row != null ? row : null;
    IncidentRow updated = before != null && row != null && !row.equals(before) ? row : null;
    boolean deleted = before != null && row == null;
    List<UpdateRow> newUpdates = new ArrayList<>();
    List<UpdateRow> editedUpdates = new ArrayList<>();
    if (row != null) {
      updates.values().forEach(u -> {
        UpdateRow old = updatesBefore.get(u.id);
        if (old == null) {
          newUpdates.add(u);
        } else if (!old.equals(u)) {
          editedUpdates.add(u);
        }
      });
    }
    return new Changes(id, inserted, updated, deleted, newUpdates, editedUpdates);
  }

  /** What to write: the incident inserted, updated or deleted (its updates go with it), then its updates. */
  record Changes(String id, IncidentRow inserted, IncidentRow updated, boolean deleted, List<UpdateRow> newUpdates,
                 List<UpdateRow> editedUpdates) {

    boolean isEmpty() {
      return inserted == null && updated == null && !deleted && newUpdates.isEmpty() && editedUpdates.isEmpty();
    }
  }
}
