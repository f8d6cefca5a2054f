package io.statuspage.incident;

import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.IncidentTemplateRequest;
import io.statuspage.api.model.IncidentTemplateRequestTemplate;
import io.statuspage.api.model.IncidentUpdateRequest;
import io.statuspage.api.model.IncidentUpdateRequestIncidentUpdate;
import io.statuspage.api.model.Postmortem;
import io.statuspage.api.model.PostmortemPublishRequest;
import io.statuspage.api.model.PostmortemRequest;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.bus.Outbox;
import io.statuspage.bus.Paging;
import io.statuspage.bus.Requests;
import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.statuspage.bus.messages.IncidentChanged;
import io.statuspage.bus.messages.IncidentsPart;
import io.statuspage.bus.messages.StatusesApplied;
import io.statuspage.incident.IncidentRepository.Selection;
import io.statuspage.runtime.Ids;
import io.statuspage.runtime.Json;
import io.statuspage.schedule.Schedule;
import io.statuspage.write.Aggregate;
import io.statuspage.write.Outcome;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The rules of incidents, scheduled maintenances, their updates, postmortems and templates. Every write is one
 * {@link Writer} transaction on the incident: it locks the incident, edits a {@link Draft} of it, writes the
 * difference and appends its events ({@link IncidentChanged}) to the outbox. Component statuses go through
 * {@link AffectedComponents} around that transaction, so both stand or neither does. A rule broken anywhere fails the
 * whole write, so nothing is half-applied; a write that changes nothing writes and announces nothing.
 */
public final class IncidentService {

  private static final String SYSTEM = "system";

  private final IncidentRepository repository;
  private final Pool pool;
  private final Pages pages;
  private final AffectedComponents components;
  private final Writer<String, Draft> writer;
  private final Writer<String, NewTemplate> templates;

  IncidentService(IncidentRepository repository, Pool pool, Outbox outbox, java.time.Clock clock, Pages pages,
                  AffectedComponents components) {
    this.repository = repository;
    this.pool = pool;
    this.pages = pages;
    this.components = components;
    this.writer = Writer.create(pool, outbox, clock, Aggregate.of(this::lock, this::save));
    this.templates = Writer.create(pool, outbox, clock, Aggregate.of(
      (tx, pageId, now) -> Future.succeededFuture(new NewTemplate(pageId, now)),
      (tx, draft) -> draft.row == null ? Future.succeededFuture(false)
        : repository.insertTemplate(tx, draft.row).map(true)));
  }

  // Incidents

  /** Creates an incident or a maintenance; once per {@code requestId} when the gateway sends one. */
  public Future<JsonObject> create(JsonObject request, String caller, String requestId) {
    String pageId = Requests.parameter(request, "page_id");
    IncidentPatch read = IncidentPatch.read(request);
    return pages.page(pageId).compose(page -> template(pageId, read.fields().getTemplateId()).compose(template -> {
      IncidentPatch patch = read.with(template);
      OffsetDateTime now = writer.now();
      OffsetDateTime at = checkCreate(patch, page.zone(), now);
      String id = Ids.newId();
      String opId = requestId != null ? requestId : Ids.newId();
      return withComponents(pageId, opId, patch.touchesComponents(), patch.statuses(), patch.componentIds(),
        actor(caller), applied -> writer.write(id, requestId, draft -> {
          draft.opId(applied == null ? null : opId);
          IncidentRow row = newIncident(id, page, patch, applied, at);
          draft.create(row);
          UpdateRow update = draft.append(row.status, patch.body(row.status), at,
            applied == null ? List.of() : applied.changes(), !row.backfilled && patch.deliver(), actor(caller));
          String type = row.backfilled ? Services.Incident.INCIDENT_CHANGED
            : !row.maintenance() ? Services.Incident.INCIDENT_CREATED
            : row.status == IncidentStatus.SCHEDULED ? Services.Incident.MAINTENANCE_SCHEDULED
            : row.status == IncidentStatus.COMPLETED ? Services.Incident.MAINTENANCE_COMPLETED
            : Services.Incident.MAINTENANCE_STARTED;
          return news(draft, page.zone(), type, update);
        }));
    }));
  }

  /**
   * Updates an incident: the fields sent change; a status change, a body or moved components add an update. A
   * request that changes nothing writes nothing and announces nothing.
   */
  public Future<JsonObject> update(JsonObject request, String caller) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "incident_id");
    IncidentPatch read = IncidentPatch.read(request);
    if (read.status() == IncidentStatus.POSTMORTEM) {
      throw ServiceError.unprocessable("incident.status", "An incident becomes postmortem by publishing one");
    }
    return pages.page(pageId).compose(page -> template(pageId, read.fields().getTemplateId()).compose(template ->
      repository.incident(pool, id).compose(found -> {
        if (found == null || !found.pageId.equals(pageId)) {
          throw ServiceError.notFound("incident", id);
        }
        IncidentPatch patch = read.with(template);
        if (found.backfilled && patch.touchesComponents()) {
          throw ServiceError.unprocessable("incident.components", "A backfilled incident has no components");
        }
        // The affected components: those named now, else those already affected, plus those whose status is set.
        Set<String> affected = new LinkedHashSet<>(patch.has("component_ids") ? patch.componentIds()
          : found.components.stream().map(PublicComponent::getId).toList());
        affected.addAll(patch.statuses().keySet());
        String opId = Ids.newId();
        return withComponents(pageId, opId, patch.touchesComponents(), patch.statuses(), List.copyOf(affected),
          actor(caller), applied -> writer.write(id, draft -> {
            draft.opId(applied == null ? null : opId);
            return edit(draft, pageId, page.zone(), patch, applied, actor(caller));
          }));
      })));
  }

  public Future<JsonObject> get(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "incident_id");
    return pages.page(pageId).compose(page -> found(pageId, id)
      .compose(row -> views(List.of(row), page.zone()).map(views -> JsonObject.mapFrom(views.get(0)))));
  }

  /** Deletes an incident and its updates; replies with the incident as it was. */
  public Future<JsonObject> delete(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "incident_id");
    return pages.page(pageId).compose(page -> writer.write(id, draft -> {
      Incident view = view(draft, pageId, page.zone());
      draft.delete();
      return Outcome.of(JsonObject.mapFrom(view)).emit(Services.Incident.INCIDENT_CHANGED,
        JsonObject.mapFrom(new IncidentChanged(pageId, view, null, false)));
    }));
  }

  /** Corrects an update's text, shown time or notification flag; nobody is told again. */
  public Future<JsonObject> editUpdate(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "incident_id");
    String updateId = Requests.parameter(request, "incident_update_id");
    IncidentUpdateRequestIncidentUpdate u = Requests.required(
      Requests.read(request, IncidentUpdateRequest.class).getIncidentUpdate(), "incident_update");
    return pages.page(pageId).compose(page -> writer.write(id, draft -> {
      draft.incident(pageId);
      UpdateRow update = draft.update(updateId);
      UpdateRow before = update.copy();
      if (u.getBody() != null) {
        update.body = u.getBody();
      }
      if (u.getDisplayAt() != null) {
        update.displayAt = IncidentPatch.utc(u.getDisplayAt());
      }
      if (u.getDeliverNotifications() != null) {
        update.deliverNotifications = u.getDeliverNotifications();
      }
      if (!update.equals(before)) {
        update.updatedAt = draft.now();
      }
      return Outcome.of(JsonObject.mapFrom(update.view(page.zone()))).emit(Services.Incident.INCIDENT_CHANGED,
        JsonObject.mapFrom(new IncidentChanged(pageId, view(draft, pageId, page.zone()), null, false)));
    }));
  }

  // Lists

  public Future<JsonArray> list(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    Paging paging = Paging.of(request, "limit");
    String q = Requests.optionalParameter(request, "q");
    return pages.page(pageId).compose(page -> (q == null
        ? repository.select(pool, pageId, Selection.ALL, writer.now(), paging.size(), paging.offset())
        : repository.search(pool, pageId, q, paging.size(), paging.offset()))
      .compose(rows -> views(rows, page.zone())).map(IncidentService::array));
  }

  /** One of the lists {@link Selection} names, paged with {@code page} and {@code per_page}. */
  public Future<JsonArray> list(JsonObject request, Selection selection) {
    String pageId = Requests.parameter(request, "page_id");
    Paging paging = Paging.of(request);
    return pages.page(pageId).compose(page -> repository
      .select(pool, pageId, selection, writer.now(), paging.size(), paging.offset())
      .compose(rows -> views(rows, page.zone())).map(IncidentService::array));
  }

  /** Every incident and maintenance, newest first, for the gateways' snapshot. */
  public Future<JsonObject> snapshot(JsonObject request) {
    return repository.everything(pool).compose(rows -> {
      Map<String, Future<ZoneId>> zones = new LinkedHashMap<>();
      rows.forEach(row -> zones.computeIfAbsent(row.pageId, pages::zone));
      return Future.join(new ArrayList<>(zones.values())).compose(ignored -> repository.updates(pool,
          rows.stream().map(r -> r.id).toList())
        .map(updates -> rows.stream().map(row -> row.view(newestFirst(updates.get(row.id)),
          zones.get(row.pageId).result())).toList()));
    }).map(incidents -> JsonObject.mapFrom(new IncidentsPart(incidents)));
  }

  // Maintenance transitions, for the scheduler; each is a no-op once the maintenance has moved on.

  /** Starts a scheduled maintenance (its components go under maintenance when it says so). */
  public Future<JsonObject> start(String id, String requestId) {
    return transition(id, requestId, IncidentStatus.SCHEDULED, IncidentStatus.IN_PROGRESS,
      row -> row.toMaintenance ? ComponentStatus.UNDER_MAINTENANCE : null);
  }

  /** Completes a maintenance (its components go back to operational when it says so). */
  public Future<JsonObject> complete(String id, String requestId) {
    return transition(id, requestId, null, IncidentStatus.COMPLETED,
      row -> row.toOperational ? ComponentStatus.OPERATIONAL : null);
  }

  /**
   * Reminds subscribers of a scheduled maintenance, once; nothing when it was not asked for, was sent already, or the
   * window has begun (its start notice then replaces a late reminder).
   */
  public Future<JsonObject> remind(String id, String requestId) {
    return repository.incident(pool, id).compose(found -> {
      if (found == null) {
        throw ServiceError.notFound("incident", id);
      }
      return pages.zone(found.pageId);
    }).compose(zone -> writer.write(id, requestId, draft -> {
      IncidentRow row = draft.incident(null);
      if (row.maintenance() && row.status == IncidentStatus.SCHEDULED && row.remindPrior && row.remindedAt == null
        && draft.now().isBefore(row.scheduledFor)) {
        row.remindedAt = draft.now();
        return news(draft, zone, Services.Incident.MAINTENANCE_REMINDER, null);
      }
      return Outcome.of(JsonObject.mapFrom(view(draft, null, zone)));
    }));
  }

  // Postmortems

  public Future<JsonObject> getPostmortem(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "incident_id");
    return pages.page(pageId).compose(page -> found(pageId, id)
      .map(row -> JsonObject.mapFrom(postmortem(row, page.zone()))));
  }

  /** Sets the postmortem's text; only a resolved incident has one. */
  public Future<JsonObject> putPostmortem(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "incident_id");
    String body = Requests.required(Requests.required(Requests.read(request, PostmortemRequest.class).getPostmortem(),
      "postmortem").getBodyDraft(), "postmortem.body_draft");
    return pages.page(pageId).compose(page -> writer.write(id, draft -> {
      IncidentRow row = draft.incident(pageId);
      if (row.maintenance() || row.status != IncidentStatus.RESOLVED && row.status != IncidentStatus.POSTMORTEM) {
        throw ServiceError.unprocessable("postmortem", "Only a resolved incident has a postmortem");
      }
      if (!body.equals(row.postmortemBody)) {
        row.postmortemBody = body;
        row.postmortemUpdatedAt = draft.now();
        row.updatedAt = draft.now();
      }
      return changed(draft, pageId, page.zone(), postmortem(row, page.zone()));
    }));
  }

  /** Removes an unpublished postmortem. */
  public Future<JsonObject> deletePostmortem(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "incident_id");
    return pages.page(pageId).compose(page -> writer.write(id, draft -> {
      IncidentRow row = postmortemOf(draft, pageId);
      if (row.postmortemPublishedAt != null) {
        throw ServiceError.unprocessable("postmortem", "The postmortem is published; revert it first");
      }
      row.postmortemBody = null;
      row.postmortemUpdatedAt = null;
      row.updatedAt = draft.now();
      Incident view = view(draft, pageId, page.zone());
      return Outcome.of(new JsonObject()).emit(Services.Incident.INCIDENT_CHANGED,
        JsonObject.mapFrom(new IncidentChanged(pageId, view, null, false)));
    }));
  }

  /** Publishes the postmortem: the incident becomes {@code postmortem}, subscribers are told if asked. */
  public Future<JsonObject> publishPostmortem(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "incident_id");
    PostmortemPublishRequest body = Requests.read(request, PostmortemPublishRequest.class);
    boolean notify = body.getPostmortem() != null
      && Boolean.TRUE.equals(body.getPostmortem().getNotifySubscribers());
    return pages.page(pageId).compose(page -> writer.write(id, draft -> {
      IncidentRow row = postmortemOf(draft, pageId);
      if (row.status != IncidentStatus.RESOLVED && row.status != IncidentStatus.POSTMORTEM) {
        throw ServiceError.unprocessable("postmortem", "Only a resolved incident's postmortem can be published");
      }
      if (row.postmortemPublishedAt == null) {
        row.status = IncidentStatus.POSTMORTEM;
        row.postmortemPublishedAt = draft.now();
        row.postmortemNotified = notify;
        row.updatedAt = draft.now();
        if (notify) {
          Incident view = view(draft, pageId, page.zone());
          return Outcome.of(JsonObject.mapFrom(postmortem(row, page.zone()))).emit(
            Services.Incident.INCIDENT_UPDATED, JsonObject.mapFrom(new IncidentChanged(pageId, view, null, true)));
        }
      }
      return changed(draft, pageId, page.zone(), postmortem(row, page.zone()));
    }));
  }

  /** Unpublishes the postmortem: the incident is resolved again, the text stays as a draft. */
  public Future<JsonObject> revertPostmortem(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    String id = Requests.parameter(request, "incident_id");
    return pages.page(pageId).compose(page -> writer.write(id, draft -> {
      IncidentRow row = postmortemOf(draft, pageId);
      if (row.postmortemPublishedAt != null) {
        row.status = IncidentStatus.RESOLVED;
        row.postmortemPublishedAt = null;
        row.postmortemNotified = false;
        row.updatedAt = draft.now();
      }
      return changed(draft, pageId, page.zone(), postmortem(row, page.zone()));
    }));
  }

  // Templates

  public Future<JsonArray> listTemplates(JsonObject request) {
    String pageId = Requests.parameter(request, "page_id");
    Paging paging = Paging.of(request);
    return pages.page(pageId).compose(page -> repository.templates(pool, pageId, paging.size(), paging.offset())
      .map(rows -> array(rows.stream().map(t -> t.view(page.zone())).toList())));
  }

  /** Creates a template; once per {@code requestId} when the gateway sends one. */
  public Future<JsonObject> createTemplate(JsonObject request, String requestId) {
    String pageId = Requests.parameter(request, "page_id");
    IncidentTemplateRequestTemplate t = Requests.required(
      Requests.read(request, IncidentTemplateRequest.class).getTemplate(), "template");
    String name = Requests.required(t.getName(), "template.name");
    String title = Requests.required(t.getTitle(), "template.title");
    return pages.page(pageId).compose(page -> templates.write(pageId, requestId, draft -> {
      draft.row = new TemplateRow(Ids.newId(), pageId, name, title, t.getBody() == null ? "" : t.getBody(),
        t.getUpdateStatus() == null ? IncidentStatus.INVESTIGATING : t.getUpdateStatus(),
        !Boolean.FALSE.equals(t.getShouldSendNotifications()),
        t.getComponentIds() == null ? List.of() : List.copyOf(t.getComponentIds()),
        t.getComponents() == null ? Map.of() : new LinkedHashMap<>(t.getComponents()), draft.now, draft.now);
      return Outcome.of(JsonObject.mapFrom(draft.row.view(page.zone())));
    }));
  }

  // The rules

  /**
   * Checks a create against the rules the contract cannot state; answers when the incident happened (now, or a
   * backfilled incident's day).
   */
  private static OffsetDateTime checkCreate(IncidentPatch patch, ZoneId zone, OffsetDateTime now) {
    var i = patch.fields();
    if (i.getName() == null) {
      throw ServiceError.unprocessable("incident.name", "incident.name is required");
    }
    boolean maintenance = i.getScheduledFor() != null;
    checkWindow(maintenance, i.getScheduledFor(), i.getScheduledUntil(), patch.has("scheduled_until"));
    if (maintenance) {
      if (i.getScheduledUntil() == null) {
        throw ServiceError.unprocessable("incident.scheduled_until", "A maintenance needs scheduled_until");
      }
    }
    if (i.getStatus() == null) {
      i.setStatus(maintenance ? IncidentStatus.SCHEDULED : IncidentStatus.INVESTIGATING);
    }
    checkStatus(maintenance, i.getStatus());
    if (!Boolean.TRUE.equals(i.getBackfilled())) {
      return now;
    }
    if (maintenance) {
      throw ServiceError.unprocessable("incident.backfilled", "A scheduled maintenance cannot be backfilled");
    }
    if (!patch.statuses().isEmpty() || !patch.componentIds().isEmpty()) {
      throw ServiceError.unprocessable(patch.statuses().isEmpty() ? "incident.component_ids" : "incident.components",
        "A backfilled incident has no components");
    }
    if (patch.has("status") && i.getStatus() != IncidentStatus.RESOLVED) {
      throw ServiceError.unprocessable("incident.status", "A backfilled incident is resolved");
    }
    i.setStatus(IncidentStatus.RESOLVED);
    LocalDate day = i.getBackfillDate();
    if (day == null) {
      return now;
    }
    if (day.isAfter(now.atZoneSameInstant(zone).toLocalDate())) {
      throw ServiceError.unprocessable("incident.backfill_date", "A backfilled incident happened in the past");
    }
    // The day's start in the page's zone, as the page shows it.
    return IncidentPatch.utc(day.atStartOfDay(zone).toOffsetDateTime());
  }

  private static void checkWindow(boolean maintenance, OffsetDateTime from, OffsetDateTime until, boolean hasUntil) {
    if (!maintenance && hasUntil) {
      throw ServiceError.unprocessable("incident.scheduled_for", "A maintenance window needs scheduled_for");
    }
    if (from != null && until != null && !until.isAfter(from)) {
      throw ServiceError.unprocessable("incident.scheduled_until", "scheduled_until must be after scheduled_for");
    }
  }

  private static void checkStatus(boolean maintenance, IncidentStatus status) {
    if (status == IncidentStatus.POSTMORTEM) {
      throw ServiceError.unprocessable("incident.status", "An incident becomes postmortem by publishing one");
    }
    if (!(maintenance ? Lifecycle.MAINTENANCE : Lifecycle.REALTIME).contains(status)) {
      throw ServiceError.unprocessable("incident.status", (maintenance ? "A scheduled maintenance" : "An incident")
        + " cannot be " + status.getValue());
    }
  }

  private static IncidentRow newIncident(String id, Pages.Page page, IncidentPatch patch, StatusesApplied applied,
                                         OffsetDateTime at) {
    var i = patch.fields();
    IncidentRow row = new IncidentRow();
    row.id = id;
    row.pageId = page.id();
    row.name = i.getName();
    row.status = i.getStatus();
    row.impactOverride = i.getImpactOverride();
    row.shortlink = page.url() + "/incidents/" + id;
    row.components = applied == null ? List.of() : List.copyOf(applied.components());
    row.createdAt = at;
    row.updatedAt = at;
    row.scheduledFor = IncidentPatch.utc(i.getScheduledFor());
    row.scheduledUntil = IncidentPatch.utc(i.getScheduledUntil());
    row.startedAt = row.maintenance() ? row.scheduledFor : at;
    row.backfilled = Boolean.TRUE.equals(i.getBackfilled());
    if (row.maintenance()) {
      row.remindPrior = Boolean.TRUE.equals(i.getScheduledRemindPrior());
      row.autoInProgress = Boolean.TRUE.equals(i.getScheduledAutoInProgress());
      row.autoCompleted = Boolean.TRUE.equals(i.getScheduledAutoCompleted());
      row.toMaintenance = Boolean.TRUE.equals(i.getAutoTransitionToMaintenanceState());
      row.toOperational = Boolean.TRUE.equals(i.getAutoTransitionToOperationalState());
    }
    stamp(row, null, at);
    return row;
  }

  /** The times a status move sets, as Statuspage keeps them. */
  private static void stamp(IncidentRow row, IncidentStatus from, OffsetDateTime at) {
    switch (row.status) {
      case MONITORING -> row.monitoringAt = row.monitoringAt == null ? at : row.monitoringAt;
      case RESOLVED, COMPLETED -> row.resolvedAt = at;
      case IN_PROGRESS -> row.startedAt = from == IncidentStatus.SCHEDULED ? at : row.startedAt;
      case INVESTIGATING, IDENTIFIED, SCHEDULED -> row.resolvedAt = null;
      default -> {
      }
    }
  }

  /** An update request applied to the draft. */
  private Outcome<JsonObject> edit(Draft draft, String pageId, ZoneId zone, IncidentPatch patch, StatusesApplied applied,
                                   String actor) {
    IncidentRow row = draft.incident(pageId);
    IncidentRow before = row.copy();
    var i = patch.fields();
    if (patch.has("scheduled_for") || patch.has("scheduled_until")) {
      if (!row.maintenance()) {
        throw ServiceError.unprocessable(patch.has("scheduled_for") ? "incident.scheduled_for"
          : "incident.scheduled_until", "An incident cannot become a scheduled maintenance");
      }
      OffsetDateTime from = i.getScheduledFor() == null ? row.scheduledFor : IncidentPatch.utc(i.getScheduledFor());
      OffsetDateTime until = i.getScheduledUntil() == null ? row.scheduledUntil
        : IncidentPatch.utc(i.getScheduledUntil());
      checkWindow(true, from, until, true);
      if (!from.equals(row.scheduledFor) && row.status == IncidentStatus.SCHEDULED) {
        // A new window: it starts then, and deserves its own reminder.
        row.startedAt = from;
        row.remindedAt = null;
      }
      row.scheduledFor = from;
      row.scheduledUntil = until;
    }
    IncidentStatus from = row.status;
    IncidentStatus to = patch.status() == null ? from : patch.status();
    checkStatus(row.maintenance(), to);
    if (row.backfilled && to != IncidentStatus.RESOLVED) {
      throw ServiceError.unprocessable("incident.status", "A backfilled incident is resolved");
    }
    if (patch.has("name")) {
      row.name = i.getName();
    }
    if (patch.has("impact_override")) {
      row.impactOverride = i.getImpactOverride();
    }
    if (row.maintenance()) {
      row.remindPrior = flag(patch, "scheduled_remind_prior", i.getScheduledRemindPrior(), row.remindPrior);
      row.autoInProgress = flag(patch, "scheduled_auto_in_progress", i.getScheduledAutoInProgress(),
        row.autoInProgress);
      row.autoCompleted = flag(patch, "scheduled_auto_completed", i.getScheduledAutoCompleted(), row.autoCompleted);
      row.toMaintenance = flag(patch, "auto_transition_to_maintenance_state",
        i.getAutoTransitionToMaintenanceState(), row.toMaintenance);
      row.toOperational = flag(patch, "auto_transition_to_operational_state",
        i.getAutoTransitionToOperationalState(), row.toOperational);
    }
    if (applied != null) {
      row.components = List.copyOf(applied.components());
    }
    boolean moved = applied != null && !applied.changes().isEmpty();
    boolean news = to != from || patch.has("body") || moved;
    UpdateRow update = null;
    if (to != from) {
      row.status = to;
      stamp(row, from, draft.now());
    }
    if (news) {
      update = draft.append(to, patch.body(to), draft.now(), applied == null ? List.of() : applied.changes(),
        !row.backfilled && patch.deliver(), actor);
    }
    if (news || !row.equals(before)) {
      row.updatedAt = draft.now();
    }
    return news(draft, zone, news ? newsType(row, from, to) : Services.Incident.INCIDENT_CHANGED, update);
  }

  private static String newsType(IncidentRow row, IncidentStatus from, IncidentStatus to) {
    if (row.backfilled) {
      return Services.Incident.INCIDENT_CHANGED;
    }
    if (!row.maintenance()) {
      return to == IncidentStatus.RESOLVED && from != to ? Services.Incident.INCIDENT_RESOLVED
        : Services.Incident.INCIDENT_UPDATED;
    }
    if (from == IncidentStatus.SCHEDULED && Lifecycle.ACTIVE_MAINTENANCE.contains(to)) {
      return Services.Incident.MAINTENANCE_STARTED;
    }
    return to == IncidentStatus.COMPLETED && from != to ? Services.Incident.MAINTENANCE_COMPLETED
      : Services.Incident.MAINTENANCE_UPDATED;
  }

  /**
   * Moves a maintenance to {@code to} with an automatic update, if it is still in {@code from} (any status short of
   * {@code to} and completion when null); its components go to the status {@code componentStatus} gives.
   */
  private Future<JsonObject> transition(String id, String requestId, IncidentStatus from, IncidentStatus to,
                                        Function<IncidentRow, ComponentStatus> componentStatus) {
    return repository.incident(pool, id).compose(found -> {
      if (found == null) {
        throw ServiceError.notFound("incident", id);
      }
      ComponentStatus target = componentStatus.apply(found);
      Map<String, ComponentStatus> statuses = new LinkedHashMap<>();
      List<String> ids = found.components.stream().map(PublicComponent::getId).toList();
      if (target != null && movable(found, from, to)) {
        ids.forEach(c -> statuses.put(c, target));
      }
      String opId = requestId != null ? requestId : Ids.newId();
      return pages.zone(found.pageId).compose(zone -> withComponents(found.pageId, opId, !statuses.isEmpty(),
        statuses, ids, SYSTEM, applied -> writer.write(id, requestId, draft -> {
          IncidentRow row = draft.incident(null);
          if (!movable(row, from, to)) {
            return Outcome.of(JsonObject.mapFrom(view(draft, null, zone)));
          }
          draft.opId(applied == null ? null : opId);
          IncidentStatus was = row.status;
          if (applied != null) {
            row.components = List.copyOf(applied.components());
          }
          row.status = to;
          stamp(row, was, draft.now());
          row.updatedAt = draft.now();
          UpdateRow update = draft.append(to, Lifecycle.defaultBody(to), draft.now(),
            applied == null ? List.of() : applied.changes(), true, SYSTEM);
          return news(draft, zone, newsType(row, was, to), update);
        })));
    });
  }

  private static boolean movable(IncidentRow row, IncidentStatus from, IncidentStatus to) {
    return row.maintenance() && (from != null ? row.status == from
      : row.status != to && row.status != IncidentStatus.COMPLETED);
  }

  private static boolean flag(IncidentPatch patch, String key, Boolean given, boolean current) {
    return patch.has(key) && given != null ? given : current;
  }

  // Plumbing

  /**
   * Runs {@code commit} after the component statuses are applied when the request touches components, with what was
   * applied; else directly, with null.
   */
  private <T> Future<T> withComponents(String pageId, String opId, boolean touches,
                                       Map<String, ComponentStatus> statuses, List<String> ids, String actor,
                                       Function<StatusesApplied, Future<T>> commit) {
    return touches ? components.apply(pageId, opId, statuses, ids, actor, commit) : commit.apply(null);
  }

  private Future<Draft> lock(SqlClient tx, String id, OffsetDateTime now) {
    return repository.lock(tx, id).compose(row -> row == null
      ? Future.succeededFuture(new Draft(id, null, List.of(), now))
      : repository.updates(tx, List.of(id))
        .map(updates -> new Draft(id, row, updates.getOrDefault(id, List.of()), now)));
  }

  private Future<Boolean> save(SqlClient tx, Draft draft) {
    Draft.Changes changes = draft.changes();
    if (changes.isEmpty()) {
      return Future.succeededFuture(false);
    }
    return repository.save(tx, changes)
      .compose(v -> draft.opId() == null ? Future.succeededFuture() : components.settle(tx, draft.opId()))
      .compose(v -> reschedule(tx, changes))
      .map(true);
  }

  /**
   * Keeps the maintenance's automatic work in the durable schedule, in the transaction of the change: what it now
   * needs is (re)scheduled, what it no longer needs (moved on, deleted, a realtime incident) cancelled.
   */
  private static Future<Void> reschedule(SqlClient tx, Draft.Changes changes) {
    IncidentRow row = changes.inserted() != null ? changes.inserted() : changes.updated();
    if (row == null ? !changes.deleted() : !row.maintenance()) {
      return Future.succeededFuture(); // a realtime incident never has any
    }
    List<MaintenanceWork.Due> needed = row == null ? List.of() : MaintenanceWork.of(row);
    Future<Void> done = Future.succeededFuture();
    for (MaintenanceWork.Kind kind : MaintenanceWork.Kind.values()) {
      MaintenanceWork.Due due = needed.stream().filter(d -> d.kind() == kind).findFirst().orElse(null);
      done = done.compose(v -> due != null ? Schedule.at(tx, kind.work(), changes.id(), due.at())
        : Schedule.cancel(tx, kind.work(), changes.id()));
    }
    return done;
  }

  private Future<TemplateRow> template(String pageId, String templateId) {
    return templateId == null ? Future.succeededFuture(null)
      : repository.template(pool, pageId, templateId).map(template -> {
        if (template == null) {
          throw ServiceError.unprocessable("incident.template_id", "No incident template with id " + templateId);
        }
        return template;
      });
  }

  private Future<IncidentRow> found(String pageId, String id) {
    return repository.incident(pool, id).map(row -> {
      if (row == null || !row.pageId.equals(pageId)) {
        throw ServiceError.notFound("incident", id);
      }
      return row;
    });
  }

  private Future<List<Incident>> views(List<IncidentRow> rows, ZoneId zone) {
    return repository.updates(pool, rows.stream().map(r -> r.id).toList())
      .map(updates -> rows.stream().map(row -> row.view(newestFirst(updates.get(row.id)), zone)).toList());
  }

  private static List<UpdateRow> newestFirst(List<UpdateRow> updates) {
    List<UpdateRow> sorted = new ArrayList<>(updates == null ? List.of() : updates);
    sorted.sort(java.util.Comparator.comparing((UpdateRow u) -> u.createdAt).thenComparing(u -> u.id).reversed());
    return sorted;
  }

  private static Incident view(Draft draft, String pageId, ZoneId zone) {
    return draft.incident(pageId).view(draft.updates(), zone);
  }

  /** The reply (the incident) and its event, which carries the update that is the news (none for a reminder). */
  private static Outcome<JsonObject> news(Draft draft, ZoneId zone, String type, UpdateRow update) {
    Incident view = view(draft, null, zone);
    IncidentRow row = draft.incident(null);
    boolean deliver = update == null ? !type.equals(Services.Incident.INCIDENT_CHANGED) && !row.backfilled
      : update.deliverNotifications && !type.equals(Services.Incident.INCIDENT_CHANGED);
    return Outcome.of(JsonObject.mapFrom(view)).emit(type, JsonObject.mapFrom(
      new IncidentChanged(row.pageId, view, update == null ? null : update.id, deliver)));
  }

  /** A change that is no news: {@code reply} (the incident when null) and {@code incident.changed}. */
  private static Outcome<JsonObject> changed(Draft draft, String pageId, ZoneId zone, Object reply) {
    Incident view = view(draft, pageId, zone);
    return Outcome.of(JsonObject.mapFrom(reply == null ? view : reply)).emit(Services.Incident.INCIDENT_CHANGED,
      JsonObject.mapFrom(new IncidentChanged(pageId, view, null, false)));
  }

  private static IncidentRow postmortemOf(Draft draft, String pageId) {
    IncidentRow row = draft.incident(pageId);
    if (row.postmortemBody == null) {
      throw new ServiceError(404, "Not Found", "Incident " + row.id + " has no postmortem", null);
    }
    return row;
  }

  private static Postmortem postmortem(IncidentRow row, ZoneId zone) {
    if (row.postmortemBody == null) {
      throw new ServiceError(404, "Not Found", "Incident " + row.id + " has no postmortem", null);
    }
    return new Postmortem().incidentId(row.id).body(row.postmortemBody)
      .bodyUpdatedAt(Json.inZone(row.postmortemUpdatedAt, zone))
      .publishedAt(Json.inZone(row.postmortemPublishedAt, zone))
      .notifySubscribers(row.postmortemNotified);
  }

  private static JsonArray array(List<?> models) {
    return new JsonArray(models.stream().map(JsonObject::mapFrom).toList());
  }

  private static String actor(String caller) {
    return caller == null || caller.isBlank() ? SYSTEM : caller;
  }

  /** A template being created: nothing to lock, one row to insert. */
  static final class NewTemplate {
    final String pageId;
    final OffsetDateTime now;
    TemplateRow row;

    NewTemplate(String pageId, OffsetDateTime now) {
      this.pageId = pageId;
      this.now = now;
    }
  }
}
