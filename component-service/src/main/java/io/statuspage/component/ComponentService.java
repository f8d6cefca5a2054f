package io.statuspage.component;

import io.statuspage.api.ComponentStatuses;
import io.statuspage.api.model.AffectedComponent;
import io.statuspage.api.model.Component;
import io.statuspage.api.model.ComponentGroup;
import io.statuspage.api.model.ComponentGroupCreateRequest;
import io.statuspage.api.model.ComponentGroupCreateRequestComponentGroup;
import io.statuspage.api.model.ComponentGroupUpdateRequest;
import io.statuspage.api.model.ComponentGroupUpdateRequestComponentGroup;
import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.PageRequest;
import io.statuspage.api.model.PageRequestPage;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.api.model.Status;
import io.statuspage.bus.Outbox;
import io.statuspage.bus.Paging;
import io.statuspage.bus.Requests;
import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.statuspage.bus.messages.AutomaticStatus;
import io.statuspage.bus.messages.AutomaticStatusResult;
import io.statuspage.bus.messages.ComponentChanged;
import io.statuspage.bus.messages.ComponentChanged.Action;
import io.statuspage.bus.messages.ComponentChanged.Kind;
import io.statuspage.bus.messages.ComponentStatusChanged;
import io.statuspage.bus.messages.ComponentsPart;
import io.statuspage.bus.messages.StatusesApplied;
import io.statuspage.bus.messages.StatusesApply;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The rules of pages, components and groups. Every write is one {@link Writer} transaction on the page: it locks
 * the page, edits a {@link Draft} of it, writes the difference with its status history and appends its events to
 * the outbox; the relay is kicked after commit. A rule broken anywhere fails the whole transaction, so nothing is
 * half-applied.
 *
 * <p>Requests are read into the contract's models ({@link Requests}), and replies and events are written from them
 * and from the bus records; only what the contract cannot say is checked here (a group that exists, a component that
 * is not a group, a real time zone). Reading throws {@link ServiceError} directly; {@link io.statuspage.bus.Endpoint}
 * replies with it.
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
        : Outbox.append(tx, Services.Component.CHANGED, changed(created.id(), Kind.PAGE, created.id(), Action.CREATED))
          .map(created))));
  }

  // Pages

  public Future<JsonArray> listPages(JsonObject request) {
    return repository.pages(pool).map(pages -> array(pages.stream().map(PageRow::view).toList()));
  }

  public Future<JsonObject> getPage(JsonObject request) {
    String pageId = Requests.optionalParameter(request, "page_id");
    return repository.page(pool, pageId).map(page -> JsonObject.mapFrom(found(page, pageId).view()));
  }

  public Future<JsonObject> updatePage(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    PageRequestPage p = Requests.required(Requests.read(request, PageRequest.class).getPage(), "page");
    if (p.getTimeZone() != null && !ZoneId.getAvailableZoneIds().contains(p.getTimeZone())) {
      throw ServiceError.unprocessable("page.time_zone", "Unknown IANA time zone: " + p.getTimeZone());
    }
    boolean hasDescription = request.getJsonObject("page").containsKey("page_description");
    String url = p.getUrl() == null ? null : p.getUrl().toString();
    return writer.write(pageId, draft -> {
      draft.page(draft.page().edit(p.getName(), hasDescription, p.getPageDescription(), url, p.getTimeZone(),
        draft.now()));
      return Outcome.of(JsonObject.mapFrom(draft.page().view()))
        .emit(Services.Component.CHANGED, changed(pageId, Kind.PAGE, pageId, Action.UPDATED));
    });
  }

  /** What a gateway needs to serve the public page from memory. */
  public Future<JsonObject> snapshot(JsonObject request) {
    return read(Requests.optionalParameter(request, "page_id"), draft -> {
      List<ComponentRow> rows = draft.display();
      OffsetDateTime updated = rows.stream().map(ComponentRow::updatedAt)
        .reduce(draft.page().updatedAt(), (a, b) -> a.isAfter(b) ? a : b);
      List<PublicComponent> components = rows.stream()
        .map(row -> row.publicView(draft.shownStatus(row), draft.memberIds(row.id()), draft.zone())).toList();
      Status status = ComponentStatuses.rollup(rows.stream().filter(row -> !row.group())
        .map(ComponentRow::status).toList());
      return JsonObject.mapFrom(new ComponentsPart(draft.page().summary(updated), components, status));
    });
  }

  // Components

  public Future<JsonArray> listComponents(JsonObject request) {
    Paging paging = Paging.of(request);
    return read(Requests.parameter(request, "page_id"), draft -> array(paging.slice(draft.display().stream()
      .filter(row -> !row.group()).map(row -> row.view(draft.zone())).toList())));
  }

  public Future<JsonObject> getComponent(JsonObject request) {
    String id = Requests.parameter(request, "component_id");
    return read(Requests.parameter(request, "page_id"),
      draft -> JsonObject.mapFrom(draft.component(id).view(draft.zone())));
  }

  /** Creates a component; once per {@code requestId} when the gateway sends one ({@link Services#REQUEST_ID}). */
  public Future<JsonObject> createComponent(JsonObject request, String caller, String requestId) {
    String pageId = Requests.parameter(request, "page_id");
    ComponentPatch patch = ComponentPatch.create(request);
    return writer.write(pageId, requestId, draft -> {
      String groupId = groupTarget(draft, patch.groupId());
      ComponentRow row = ComponentRow.component(Ids.newId(), pageId, patch, draft.now());
      draft.put(row);
      draft.layout.place(row.id(), groupId, patch.position());
      draft.record(new StatusChangeRow(null, pageId, row.id(), null, row.status(), draft.now(), actor(caller), null));
      return Outcome.of(JsonObject.mapFrom(draft.row(row.id()).view(draft.zone())))
        .emit(Services.Component.CHANGED, changed(pageId, Kind.COMPONENT, row.id(), Action.CREATED));
    });
  }

  public Future<JsonObject> updateComponent(JsonObject request, String caller) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "component_id");
    ComponentPatch patch = ComponentPatch.update(request);
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
      Component view = draft.row(id).view(draft.zone());
      Outcome<JsonObject> outcome = Outcome.of(JsonObject.mapFrom(view));
      if (view.getStatus() != old.status()) {
        draft.record(new StatusChangeRow(null, pageId, id, old.status(), view.getStatus(), draft.now(),
          actor(caller), null));
        outcome.emit(Services.Component.STATUS_CHANGED, JsonObject.mapFrom(
          new ComponentStatusChanged(pageId, view, old.status(), view.getStatus(), actor(caller))));
      }
      outcome.emit(Services.Component.CHANGED, changed(pageId, Kind.COMPONENT, id, Action.UPDATED));
      return dropped(outcome, pageId, dropped);
    });
  }

  /** Deletes a component; its group goes too when it was the last member, as on Statuspage. */
  public Future<JsonObject> deleteComponent(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "component_id");
    return writer.write(pageId, draft -> {
      draft.component(id);
      draft.remove(id);
      List<String> dropped = draft.removeEmptyGroups();
      return dropped(Outcome.of(new JsonObject())
        .emit(Services.Component.CHANGED, changed(pageId, Kind.COMPONENT, id, Action.DELETED)), pageId, dropped);
    });
  }

  /** Status changes, newest first; they outlive the component, so only an id never seen is unknown. */
  public Future<JsonArray> history(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "component_id");
    Paging paging = Paging.of(request);
    return repository.page(pool, pageId).map(page -> found(page, pageId))
      .compose(page -> repository.history(pool, pageId, id, paging.offset(), paging.size())
        .compose(changes -> changes.isEmpty() ? repository.known(pool, pageId, id).map(known -> {
          if (!known) {
            throw ServiceError.notFound("component", id);
          }
          return changes;
        }) : Future.succeededFuture(changes))
        .map(changes -> array(changes.stream().map(change -> change.view(page.zone())).toList())));
  }

  /**
   * Sets the statuses of several components in one transaction, once per {@code requestId} (required then):
   * {@link StatusesApply}, replying {@link StatusesApplied}. A component named in {@code expect} moves only while it
   * still has the expected status. Each move is recorded and announced as {@link #updateComponent} does it. With no
   * statuses it is a read of the views named, without a request id: how incident-service shows components it does
   * not change.
   */
  public Future<JsonObject> applyStatuses(JsonObject request, String caller, String requestId) {
    StatusesApply apply = Requests.read(request, StatusesApply.class);
    String pageId = Requests.parameter(request, "page_id");
    apply.statuses().forEach((id, status) -> Requests.required(status, "statuses." + id));
    if (apply.statuses().isEmpty()) {
      return read(pageId, draft -> {
        requireNamed(draft, apply);
        return JsonObject.mapFrom(applied(draft, apply, List.of()));
      });
    }
    Requests.required(requestId, Services.REQUEST_ID);
    String actor = actor(apply.actor() != null ? apply.actor() : caller);
    return writer.write(pageId, requestId, draft -> {
      requireNamed(draft, apply);
      List<AffectedComponent> changes = new ArrayList<>();
      List<JsonObject> moves = new ArrayList<>();
      for (ComponentRow row : draft.display()) {
        ComponentStatus target = apply.statuses().get(row.id());
        ComponentStatus expected = apply.expect().get(row.id());
        if (target == null || expected != null && expected != row.status()) {
          continue;
        }
        // People (an incident's components, a maintenance) hold the status against automation; operational releases.
        draft.put(row.hold(target != ComponentStatus.OPERATIONAL));
        if (target == row.status()) {
          continue;
        }
        draft.put(draft.row(row.id()).status(target, draft.now()));
        draft.record(new StatusChangeRow(null, pageId, row.id(), row.status(), target, draft.now(), actor, null));
        changes.add(new AffectedComponent().code(row.id()).name(affectedName(draft, row)).oldStatus(row.status())
          .newStatus(target));
        moves.add(JsonObject.mapFrom(new ComponentStatusChanged(pageId, draft.row(row.id()).view(draft.zone()),
          row.status(), target, actor)));
      }
      Outcome<JsonObject> outcome = Outcome.of(JsonObject.mapFrom(applied(draft, apply, changes)));
      for (int i = 0; i < changes.size(); i++) {
        outcome.emit(Services.Component.STATUS_CHANGED, moves.get(i)).emit(Services.Component.CHANGED,
          changed(pageId, Kind.COMPONENT, changes.get(i).getCode(), Action.UPDATED));
      }
      return outcome;
    });
  }

  /**
   * Automation asks to move a component ({@link AutomaticStatus}), once per {@code requestId} (required). A component a
   * person holds is left alone and the request recorded as skipped; otherwise the move is recorded with its reason
   * and the actor {@code automation:<source>}, and announced as {@link #updateComponent} does. Replies
   * {@link AutomaticStatusResult}.
   */
  public Future<JsonObject> automaticStatus(JsonObject request, String requestId) {
    AutomaticStatus a = Requests.read(request, AutomaticStatus.class);
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "component_id");
    ComponentStatus target = Requests.required(a.status(), "status");
    String reason = Requests.required(a.reason(), "reason");
    String source = Requests.required(a.source(), "source");
    Requests.required(requestId, Services.REQUEST_ID);
    String actor = "automation:" + source;
    return writer.write(pageId, requestId, draft -> {
      ComponentRow row = draft.component(id);
      if (row.status() == target) {
        return Outcome.of(JsonObject.mapFrom(new AutomaticStatusResult(id, row.status(),
          AutomaticStatusResult.UNCHANGED, row.automationHold())));
      }
      if (row.automationHold()) {
        draft.skip(new Draft.Skip(pageId, id, row.status(), target, reason, source, draft.now()));
        return Outcome.of(JsonObject.mapFrom(new AutomaticStatusResult(id, row.status(), AutomaticStatusResult.HELD,
          true)));
      }
      draft.put(row.status(target, draft.now()));
      draft.record(new StatusChangeRow(null, pageId, id, row.status(), target, draft.now(), actor, reason));
      return Outcome.of(JsonObject.mapFrom(new AutomaticStatusResult(id, target, AutomaticStatusResult.CHANGED, false)))
        .emit(Services.Component.STATUS_CHANGED, JsonObject.mapFrom(new ComponentStatusChanged(pageId,
          draft.row(id).view(draft.zone()), row.status(), target, actor)))
        .emit(Services.Component.CHANGED, changed(pageId, Kind.COMPONENT, id, Action.UPDATED));
    });
  }

  /** Every id named must be a component of the page (not a group): else 422 naming the input, nothing changed. */
  private static void requireNamed(Draft draft, StatusesApply apply) {
    apply.statuses().keySet().forEach(id -> requireComponent(draft, id, "incident.components"));
    apply.componentIds().forEach(id -> requireComponent(draft, id, "incident.component_ids"));
  }

  private static void requireComponent(Draft draft, String id, String field) {
    if (!draft.isComponent(id)) {
      throw ServiceError.unprocessable(field, draft.layout.isGroup(id)
        ? id + " is a component group; name its components" : "No component with id " + id);
    }
  }

  /** The views of the components named, in display order, and the changes made. */
  private static StatusesApplied applied(Draft draft, StatusesApply apply, List<AffectedComponent> changes) {
    Set<String> named = new HashSet<>(apply.statuses().keySet());
    named.addAll(apply.componentIds());
    List<PublicComponent> views = draft.display().stream().filter(row -> named.contains(row.id()))
      .map(row -> row.publicView(draft.shownStatus(row), draft.memberIds(row.id()), draft.zone())).toList();
    return new StatusesApplied(views, changes);
  }

  /** As Statuspage names an affected component: {@code <Group> - <Component>} for a group's member. */
  private static String affectedName(Draft draft, ComponentRow row) {
    return row.groupId() == null ? row.name() : draft.row(row.groupId()).name() + " - " + row.name();
  }

  // Groups

  public Future<JsonArray> listGroups(JsonObject request) {
    Paging paging = Paging.of(request);
    return read(Requests.parameter(request, "page_id"), draft -> array(paging.slice(draft.layout.top().stream()
      .filter(draft.layout::isGroup).map(id -> groupView(draft, id)).toList())));
  }

  public Future<JsonObject> getGroup(JsonObject request) {
    String id = Requests.parameter(request, "component_group_id");
    return read(Requests.parameter(request, "page_id"), draft -> JsonObject.mapFrom(groupView(draft, id)));
  }

  /**
   * Creates a group from existing components, which move into it in the order given; once per {@code requestId} when
   * the gateway sends one.
   */
  public Future<JsonObject> createGroup(JsonObject request, String requestId) {
    String pageId = Requests.parameter(request, "page_id");
    ComponentGroupCreateRequest body = Requests.read(request, ComponentGroupCreateRequest.class);
    ComponentGroupCreateRequestComponentGroup g = Requests.required(body.getComponentGroup(), "component_group");
    String name = Requests.required(g.getName(), "component_group.name");
    List<String> members = List.copyOf(Requests.required(g.getComponents(), "component_group.components"));
    return writer.write(pageId, requestId, draft -> {
      requireComponents(draft, members);
      ComponentRow group = ComponentRow.group(Ids.newId(), pageId, name, body.getDescription(), draft.now());
      draft.put(group);
      draft.layout.addGroup(group.id());
      members.forEach(id -> draft.layout.place(id, group.id(), null));
      if (g.getPosition() != null) {
        draft.layout.place(group.id(), null, g.getPosition());
      }
      List<String> dropped = draft.removeEmptyGroups();
      return dropped(Outcome.of(JsonObject.mapFrom(groupView(draft, group.id())))
        .emit(Services.Component.CHANGED, changed(pageId, Kind.GROUP, group.id(), Action.CREATED)), pageId, dropped);
    });
  }

  /** Updates a group; {@code components} replaces its membership, and those left out become top-level. */
  public Future<JsonObject> updateGroup(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "component_group_id");
    ComponentGroupUpdateRequest body = Requests.read(request, ComponentGroupUpdateRequest.class);
    ComponentGroupUpdateRequestComponentGroup g = body.getComponentGroup() == null
      ? new ComponentGroupUpdateRequestComponentGroup() : body.getComponentGroup();
    // The model cannot tell absent from null (or, for the members, from its empty default); the request's keys can.
    // An explicit null description clears it; members not given keep the membership.
    boolean hasDescription = request.containsKey("description");
    JsonObject given = request.getJsonObject("component_group");
    List<String> members = given == null || given.getValue("components") == null ? null
      : List.copyOf(Requests.required(g.getComponents(), "component_group.components"));
    return writer.write(pageId, draft -> {
      ComponentRow old = draft.group(id);
      List<String> oldMembers = draft.memberIds(id);
      if (members != null) {
        requireComponents(draft, members);
        oldMembers.stream().filter(m -> !members.contains(m)).forEach(m -> draft.layout.place(m, null, null));
        members.forEach(m -> draft.layout.place(m, id, null));
      }
      if (g.getPosition() != null) {
        draft.layout.place(id, null, g.getPosition());
      }
      ComponentRow edited = old.describe(g.getName(), hasDescription, body.getDescription(), draft.now());
      boolean rearranged = !draft.memberIds(id).equals(oldMembers) || draft.layout.position(id) != old.position();
      draft.put(rearranged ? edited.touched(draft.now()) : edited);
      List<String> dropped = draft.removeEmptyGroups();
      return dropped(Outcome.of(JsonObject.mapFrom(groupView(draft, id)))
        .emit(Services.Component.CHANGED, changed(pageId, Kind.GROUP, id, Action.UPDATED)), pageId, dropped);
    });
  }

  /** Deletes a group; its members stay, appended to the top level. Replies with the group as it was. */
  public Future<JsonObject> deleteGroup(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "component_group_id");
    return writer.write(pageId, draft -> {
      JsonObject deleted = JsonObject.mapFrom(groupView(draft, id));
      draft.memberIds(id).forEach(m -> draft.layout.place(m, null, null));
      draft.remove(id);
      return Outcome.of(deleted).emit(Services.Component.CHANGED, changed(pageId, Kind.GROUP, id, Action.DELETED));
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
    Future<Void> skipped = repository.skipped(tx, changes.skips());
    return changes.isEmpty() ? skipped.map(false)
      : skipped.compose(v -> repository.save(tx, changes)).compose(v -> repository.record(tx, changes.history()))
        .map(true);
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

  private static ComponentGroup groupView(Draft draft, String id) {
    return draft.group(id).groupView(draft.memberIds(id), draft.zone());
  }

  /** Models as a JSON array, each written as the contract has it. */
  private static JsonArray array(List<?> models) {
    return new JsonArray(models.stream().map(JsonObject::mapFrom).toList());
  }

  private static <T> Outcome<T> dropped(Outcome<T> outcome, String pageId, List<String> groups) {
    groups.forEach(id -> outcome.emit(Services.Component.CHANGED, changed(pageId, Kind.GROUP, id, Action.DELETED)));
    return outcome;
  }

  private static JsonObject changed(String pageId, Kind kind, String id, Action action) {
    return JsonObject.mapFrom(new ComponentChanged(pageId, kind, id, action));
  }

  private static String actor(String caller) {
    return caller == null || caller.isBlank() ? SYSTEM : caller;
  }
}
