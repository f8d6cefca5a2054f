package io.statuspage.incident;

import io.statuspage.api.model.AffectedComponent;
import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.statuspage.bus.messages.ComponentsPart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link AffectedComponents} through component-service's ordinary actions: reads the page's components, sets each
 * status with {@code component.update}, and sets the old statuses back if the incident's commit fails. Not atomic
 * (a crash between the two leaves the statuses set): it stands in until component-service's
 * {@code component.statuses.apply} and incident-service's {@code ComponentChanges} replace it.
 */
final class ComponentServiceStatuses implements AffectedComponents {

  private static final Logger LOG = LoggerFactory.getLogger(ComponentServiceStatuses.class);

  private final Vertx vertx;

  ComponentServiceStatuses(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public <T> Future<T> apply(String pageId, String opId, Map<String, ComponentStatus> statuses,
                             List<String> componentIds, String actor, Function<Applied, Future<T>> commit) {
    if (statuses.isEmpty() && componentIds.isEmpty()) {
      return commit.apply(Applied.none());
    }
    return components(pageId).compose(before -> {
      check(before, statuses.keySet(), "incident.components");
      check(before, componentIds, "incident.component_ids");
      List<AffectedComponent> changes = new ArrayList<>();
      statuses.forEach((id, status) -> {
        PublicComponent c = before.get(id);
        if (c.getStatus() != status) {
          changes.add(new AffectedComponent().code(id).name(name(before, c)).oldStatus(c.getStatus())
            .newStatus(status));
        }
      });
      Set<String> affected = new LinkedHashSet<>(statuses.keySet());
      affected.addAll(componentIds);
      return set(pageId, changes, actor, false)
        .compose(v -> changes.isEmpty() ? Future.succeededFuture(before) : components(pageId))
        .compose(after -> commit.apply(new Applied(affected.stream().map(after::get).toList(), changes))
          .recover(failure -> set(pageId, changes, actor, true)
            .onFailure(e -> LOG.warn("Could not set back the statuses of {} after a failed incident write: {}",
              changes.stream().map(AffectedComponent::getCode).toList(), e.getMessage()))
            .transform(ignored -> Future.<T>failedFuture(failure))));
    });
  }

  @Override
  public Future<Void> settle(SqlClient tx, String opId) {
    return Future.succeededFuture();
  }

  private Future<Map<String, PublicComponent>> components(String pageId) {
    return request(Services.Component.SNAPSHOT, new JsonObject().put("page_id", pageId), null)
      .map(reply -> {
        Map<String, PublicComponent> byId = new java.util.LinkedHashMap<>();
        reply.mapTo(ComponentsPart.class).components().forEach(c -> byId.put(c.getId(), c));
        return byId;
      });
  }

  /** Sets each change's new status (or, to compensate, its old one), one after the other. */
  private Future<Void> set(String pageId, List<AffectedComponent> changes, String actor, boolean back) {
    Future<Void> done = Future.succeededFuture();
    for (AffectedComponent change : changes) {
      ComponentStatus status = back ? change.getOldStatus() : change.getNewStatus();
      done = done.compose(v -> request(Services.Component.UPDATE, new JsonObject().put("page_id", pageId)
        .put("component_id", change.getCode())
        .put("component", new JsonObject().put("status", status.getValue())), actor).mapEmpty());
    }
    return done;
  }

  private Future<JsonObject> request(String action, JsonObject body, String actor) {
    DeliveryOptions options = new DeliveryOptions().addHeader(Services.ACTION, action);
    if (actor != null) {
      options.addHeader(Services.CALLER, actor);
    }
    return vertx.eventBus().<JsonObject>request(Services.Component.ADDRESS, body, options)
      .transform(ar -> ar.succeeded() ? Future.succeededFuture(ar.result().body())
        : Future.failedFuture(ServiceError.from(ar.cause())));
  }

  private static void check(Map<String, PublicComponent> components, Iterable<String> ids, String field) {
    for (String id : ids) {
      PublicComponent c = components.get(id);
      if (c == null || Boolean.TRUE.equals(c.getGroup())) {
        throw ServiceError.unprocessable(field, "No component with id " + id);
      }
    }
  }

  /** Statuspage's name for a grouped component: {@code <Group> - <Component>}. */
  private static String name(Map<String, PublicComponent> components, PublicComponent c) {
    PublicComponent group = c.getGroupId() == null ? null : components.get(c.getGroupId());
    return group == null ? c.getName() : group.getName() + " - " + c.getName();
  }
}
