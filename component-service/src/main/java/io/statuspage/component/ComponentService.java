package io.statuspage.component;

import io.statuspage.bus.Outbox;
import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.statuspage.runtime.Ids;
import io.statuspage.write.Aggregate;
import io.statuspage.write.Outcome;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The rules of pages, components and groups. Every write is one {@link Writer} transaction on the page: it locks
 * the page, edits a {@link Draft} of it, writes the difference with its status history and appends its events to
 * the outbox; the relay is kicked after commit. A rule broken anywhere fails the whole transaction, so nothing is
 * half-applied.
 *
 * <p>Request parsing throws {@link ServiceError} directly; {@link io.statuspage.bus.Endpoint} replies with it.
 */
public final class ComponentService {

  private static final String SYSTEM = "system";

  private final ComponentRepository repository;
  private final Pool pool;
  private final Writer<String, Draft> writer;

  ComponentService(ComponentRepository repository, Pool pool, Outbox outbox, Clock clock) {
    this.repository = repository;
    this.pool = pool;
    this.writer = Writer.create(pool, outbox, clock, Aggregate.of(this::lock, this::save));
  }

  /** Creates {@code candidate} unless a page exists; returns the page that does. */
  Future<PageRow> ensurePage(PageRow candidate) {
    return repository.page(pool, null).compose(existing -> existing != null ? Future.succeededFuture(existing)
      : pool.withTransaction(tx -> repository.insertFirstPage(tx, candidate).compose(created -> created == null
        ? repository.page(tx, null)
        : Outbox.append(tx, Services.Component.CHANGED, changed(created.id(), "page", created.id(), "created"))
          .map(created))));
  }

  // Pages

  public Future<JsonArray> listPages(JsonObject body) {
    return repository.pages(pool).map(pages -> new JsonArray(pages.stream().map(page -> (Object) Views.page(page))
      .toList()));
  }

  public Future<JsonObject> getPage(JsonObject body) {
    String pageId = Input.text(body, "page_id", "page_id", false);
    return repository.page(pool, pageId).map(page -> Views.page(found(page, pageId)));
  }

  public Future<JsonObject> updatePage(JsonObject body) {
    String pageId = Input.id(body, "page_id");
    JsonObject p = Input.object(body, "page", true);
    String name = Input.text(p, "name", "page.name", p.containsKey("name"));
    String description = Input.text(p, "page_description", "page.page_description", false);
    String url = Input.text(p, "url", "page.url", p.containsKey("url"));
    String timeZone = Input.text(p, "time_zone", "page.time_zone", p.containsKey("time_zone"));
    if (timeZone != null && !ZoneId.getAvailableZoneIds().contains(timeZone)) {
      throw ServiceError.unprocessable("page.time_zone", "Unknown IANA time zone: " + timeZone);
    }
    return writer.write(pageId, draft -> {
      draft.page(draft.page().edit(name, p.containsKey("page_description"), description, url, timeZone, draft.now()));
      return Outcome.of(Views.page(draft.page()))
        .emit(Services.Component.CHANGED, changed(pageId, "page", pageId, "updated"));
    });
  }

  /** What a gateway needs to serve the public page from memory. */
  public Future<JsonObject> snapshot(JsonObject body) {
    return read(Input.text(body, "page_id", "page_id", false), draft -> {
      List<ComponentRow> rows = draft.display();
      OffsetDateTime updated = rows.stream().map(ComponentRow::updatedAt)
        .reduce(draft.page().updatedAt(), (a, b) -> a.isAfter(b) ? a : b);
      JsonArray components = new JsonArray();
      rows.forEach(row -> components.add(
        Views.publicComponent(row, draft.shownStatus(row), draft.memberIds(row.id()), draft.zone())));
      StatusRollup status = StatusRollup.of(rows.stream().filter(row -> !row.group())
        .map(ComponentRow::status).toList());
      return new JsonObject()
        .put("page", Views.pageSummary(draft.page(), updated))
        .put("components", components)
        .put("status", status.toJson());
    });
  }

  // Components

  public Future<JsonArray> listComponents(JsonObject body) {
    Input.Paging paging = Input.paging(body);
    return read(Input.id(body, "page_id"), draft -> new JsonArray(paging.slice(draft.display().stream()
      .filter(row -> !row.group()).map(row -> (Object) Views.component(row, draft.zone())).toList())));
  }

  public Future<JsonObject> getComponent(JsonObject body) {
    String id = Input.id(body, "component_id");
    return read(Input.id(body, "page_id"), draft -> Views.component(draft.component(id), draft.zone()));
  }

  public Future<JsonObject> createComponent(JsonObject body, String caller) {
    String pageId = Input.id(body, "page_id");
    ComponentPatch patch = ComponentPatch.from(Input.object(body, "component", true), true);
    return writer.write(pageId, draft -> {
      String groupId = groupTarget(draft, patch.groupId());
      ComponentRow row = ComponentRow.component(Ids.newId(), pageId, patch, draft.now());
      draft.put(row);
      draft.layout.place(row.id(), groupId, patch.position());
      draft.record(new StatusChange(null, pageId, row.id(), null, row.status(), draft.now(), actor(caller)));
      return Outcome.of(Views.component(draft.row(row.id()), draft.zone()))
        .emit(Services.Component.CHANGED, changed(pageId, "component", row.id(), "created"));
    });
  }

  public Future<JsonObject> updateComponent(JsonObject body, String caller) {
    String pageId = Input.id(body, "page_id");
    String id = Input.id(body, "component_id");
    ComponentPatch patch = ComponentPatch.from(Input.object(body, "component", true), false);
    return writer.write(pageId, draft -> {
      ComponentRow old = draft.component(id);
      String groupId = patch.hasGroup() ? groupTarget(draft, patch.groupId()) : old.groupId();
      boolean regrouped = !Objects.equals(groupId, old.groupId());
      if (regrouped || patch.position() != null && patch.position() != old.position()) {
        draft.layout.place(id, groupId, patch.position());
      }
      ComponentRow edited = old.edit(patch, draft.now());
      draft.put(regrouped || draft.layout.position(id) != old.position() ? edited.touched(draft.now()) : edited);
      List<String> dropped = draft.removeEmptyGroups();
      ComponentRow now = draft.row(id);
      JsonObject view = Views.component(now, draft.zone());
      Outcome<JsonObject> outcome = Outcome.of(view);
      if (now.status() != old.status()) {
        draft.record(new StatusChange(null, pageId, id, old.status(), now.status(), draft.now(), actor(caller)));
        outcome.emit(Services.Component.STATUS_CHANGED, new JsonObject()
          .put("page_id", pageId)
          .put("component", view.copy())
          .put("old_status", old.status().wire())
          .put("new_status", now.status().wire())
          .put("actor", actor(caller)));
      }
      outcome.emit(Services.Component.CHANGED, changed(pageId, "component", id, "updated"));
      return dropped(outcome, pageId, dropped);
    });
  }

  /** Deletes a component; its group goes too when it was the last member, as on Statuspage. */
  public Future<JsonObject> deleteComponent(JsonObject body) {
    String pageId = Input.id(body, "page_id");
    String id = Input.id(body, "component_id");
    return writer.write(pageId, draft -> {
      draft.component(id);
      draft.remove(id);
      List<String> dropped = draft.removeEmptyGroups();
      return dropped(Outcome.of(new JsonObject())
        .emit(Services.Component.CHANGED, changed(pageId, "component", id, "deleted")), pageId, dropped);
    });
  }

  /** Status changes, newest first; they outlive the component, so only an id never seen is unknown. */
  public Future<JsonArray> history(JsonObject body) {
    String pageId = Input.id(body, "page_id");
    String id = Input.id(body, "component_id");
    Input.Paging paging = Input.paging(body);
    return repository.page(pool, pageId).map(page -> found(page, pageId))
      .compose(page -> repository.history(pool, pageId, id, paging.offset(), paging.perPage())
        .compose(changes -> changes.isEmpty() ? repository.known(pool, pageId, id).map(known -> {
          if (!known) {
            throw ServiceError.notFound("component", id);
          }
          return changes;
        }) : Future.succeededFuture(changes))
        .map(changes -> {
          JsonArray out = new JsonArray();
          changes.forEach(change -> out.add(Views.statusChange(change, page.zone())));
          return out;
        }));
  }

  // Groups

  public Future<JsonArray> listGroups(JsonObject body) {
    Input.Paging paging = Input.paging(body);
    return read(Input.id(body, "page_id"), draft -> new JsonArray(paging.slice(draft.layout.top().stream()
      .filter(draft.layout::isGroup).map(id -> (Object) groupView(draft, id)).toList())));
  }

  public Future<JsonObject> getGroup(JsonObject body) {
    String id = Input.id(body, "component_group_id");
    return read(Input.id(body, "page_id"), draft -> groupView(draft, id));
  }

  /** Creates a group from existing components, which move into it in the order given. */
  public Future<JsonObject> createGroup(JsonObject body) {
    String pageId = Input.id(body, "page_id");
    String description = Input.text(body, "description", "description", false);
    JsonObject g = Input.object(body, "component_group", true);
    String name = Input.text(g, "name", "component_group.name", true);
    List<String> members = Input.ids(g, "components", "component_group.components");
    if (members == null) {
      throw ServiceError.badRequest("component_group.components", "component_group.components is required");
    }
    Integer position = Input.integer(g, "position", "component_group.position", 1, 100_000);
    return writer.write(pageId, draft -> {
      requireComponents(draft, members);
      ComponentRow group = ComponentRow.group(Ids.newId(), pageId, name, description, draft.now());
      draft.put(group);
      draft.layout.addGroup(group.id());
      members.forEach(id -> draft.layout.place(id, group.id(), null));
      if (position != null) {
        draft.layout.place(group.id(), null, position);
      }
      List<String> dropped = draft.removeEmptyGroups();
      return dropped(Outcome.of(groupView(draft, group.id()))
        .emit(Services.Component.CHANGED, changed(pageId, "group", group.id(), "created")), pageId, dropped);
    });
  }

  /** Updates a group; {@code components} replaces its membership, and those left out become top-level. */
  public Future<JsonObject> updateGroup(JsonObject body) {
    String pageId = Input.id(body, "page_id");
    String id = Input.id(body, "component_group_id");
    String description = Input.text(body, "description", "description", false);
    JsonObject g = Input.object(body, "component_group", false);
    JsonObject fields = g == null ? new JsonObject() : g;
    String name = Input.text(fields, "name", "component_group.name", fields.containsKey("name"));
    List<String> members = Input.ids(fields, "components", "component_group.components");
    Integer position = Input.integer(fields, "position", "component_group.position", 1, 100_000);
    return writer.write(pageId, draft -> {
      ComponentRow old = draft.group(id);
      List<String> oldMembers = draft.memberIds(id);
      if (members != null) {
        requireComponents(draft, members);
        oldMembers.stream().filter(m -> !members.contains(m)).forEach(m -> draft.layout.place(m, null, null));
        members.forEach(m -> draft.layout.place(m, id, null));
      }
      if (position != null) {
        draft.layout.place(id, null, position);
      }
      ComponentRow edited = old.describe(name, body.containsKey("description"), description, draft.now());
      boolean rearranged = !draft.memberIds(id).equals(oldMembers) || draft.layout.position(id) != old.position();
      draft.put(rearranged ? edited.touched(draft.now()) : edited);
      List<String> dropped = draft.removeEmptyGroups();
      return dropped(Outcome.of(groupView(draft, id))
        .emit(Services.Component.CHANGED, changed(pageId, "group", id, "updated")), pageId, dropped);
    });
  }

  /** Deletes a group; its members stay, appended to the top level. Replies with the group as it was. */
  public Future<JsonObject> deleteGroup(JsonObject body) {
    String pageId = Input.id(body, "page_id");
    String id = Input.id(body, "component_group_id");
    return writer.write(pageId, draft -> {
      JsonObject deleted = groupView(draft, id);
      draft.memberIds(id).forEach(m -> draft.layout.place(m, null, null));
      draft.remove(id);
      return Outcome.of(deleted).emit(Services.Component.CHANGED, changed(pageId, "group", id, "deleted"));
    });
  }

  // Plumbing

  /** The page locked until commit, so that writes to one page run one at a time, with its components. */
  private Future<Draft> lock(SqlClient tx, String pageId, OffsetDateTime now) {
    return repository.lockPage(tx, pageId)
      .map(page -> found(page, pageId))
      .compose(page -> repository.components(tx, pageId).map(rows -> new Draft(page, rows, now)));
  }

  private Future<Boolean> save(SqlClient tx, Draft draft) {
    Draft.Changes changes = draft.changes();
    // An update that changes nothing writes nothing and tells nobody: scripts re-send statuses often.
    return changes.isEmpty() ? Future.succeededFuture(false)
      : repository.save(tx, changes).compose(v -> repository.record(tx, changes.history())).map(true);
  }

  /** A read of the page {@code pageId} (the first page when null) and its components. */
  private <T> Future<T> read(String pageId, Function<Draft, T> view) {
    return repository.page(pool, pageId).map(page -> found(page, pageId))
      .compose(page -> repository.components(pool, page.id())
        .map(rows -> view.apply(new Draft(page, rows, writer.now()))));
  }

  private static PageRow found(PageRow page, String pageId) {
    if (page == null) {
      throw pageId == null ? new ServiceError(404, "Not Found", "No page exists yet", null)
        : ServiceError.notFound("page", pageId);
    }
    return page;
  }

  /** The group a component should join: null for none, else an existing group of the page (422 otherwise). */
  private static String groupTarget(Draft draft, String groupId) {
    if (groupId != null && !draft.layout.isGroup(groupId)) {
      throw ServiceError.unprocessable("component.group_id", "No component group with id " + groupId);
    }
    return groupId;
  }

  private static void requireComponents(Draft draft, List<String> ids) {
    for (String id : ids) {
      if (!draft.isComponent(id)) {
        throw ServiceError.unprocessable("component_group.components", draft.layout.isGroup(id)
          ? id + " is a component group; groups cannot contain groups" : "No component with id " + id);
      }
    }
  }

  private static JsonObject groupView(Draft draft, String id) {
    return Views.group(draft.group(id), draft.memberIds(id), draft.zone());
  }

  private static <T> Outcome<T> dropped(Outcome<T> outcome, String pageId, List<String> groups) {
    groups.forEach(id -> outcome.emit(Services.Component.CHANGED, changed(pageId, "group", id, "deleted")));
    return outcome;
  }

  private static JsonObject changed(String pageId, String kind, String id, String action) {
    return new JsonObject().put("page_id", pageId).put("kind", kind).put("id", id).put("action", action);
  }

  private static String actor(String caller) {
    return caller == null || caller.isBlank() ? SYSTEM : caller;
  }
}
