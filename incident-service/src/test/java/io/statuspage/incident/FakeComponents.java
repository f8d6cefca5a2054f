package io.statuspage.incident;

import io.statuspage.api.model.AffectedComponent;
import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.bus.ServiceError;
import io.statuspage.bus.messages.StatusesApplied;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Components held in memory in place of component-service: statuses are set before the commit and set back when it
 * fails, and each settled op id is recorded, so tests see what the incident asked for.
 */
final class FakeComponents implements AffectedComponents {

  final Map<String, PublicComponent> components = Collections.synchronizedMap(new LinkedHashMap<>());
  final List<String> settled = Collections.synchronizedList(new ArrayList<>());
  final List<Map<String, ComponentStatus>> applied = Collections.synchronizedList(new ArrayList<>());

  PublicComponent add(String id, String name, String groupName) {
    PublicComponent c = new PublicComponent().id(id).name(name).status(ComponentStatus.OPERATIONAL)
      .createdAt(OffsetDateTime.parse("2024-01-01T00:00:00Z")).updatedAt(OffsetDateTime.parse("2024-01-01T00:00:00Z"))
      .position(components.size() + 1).description(null).showcase(false).startDate(null)
      .groupId(groupName == null ? null : "grp-" + groupName).pageId(IncidentTestBase.PAGE).group(false)
      .onlyShowIfDegraded(false);
    components.put(id, c);
    return c;
  }

  ComponentStatus status(String id) {
    return components.get(id).getStatus();
  }

  @Override
  public <T> Future<T> apply(String pageId, String opId, Map<String, ComponentStatus> statuses,
                             List<String> componentIds, String actor, Function<StatusesApplied, Future<T>> commit) {
    Set<String> affected = new LinkedHashSet<>(componentIds);
    affected.addAll(statuses.keySet());
    for (String id : statuses.keySet()) {
      if (!components.containsKey(id)) {
        return Future.failedFuture(ServiceError.unprocessable("incident.components", "No component with id " + id));
      }
    }
    for (String id : componentIds) {
      if (!components.containsKey(id)) {
        return Future.failedFuture(ServiceError.unprocessable("incident.component_ids", "No component with id " + id));
      }
    }
    applied.add(Map.copyOf(statuses));
    Map<String, ComponentStatus> old = new LinkedHashMap<>();
    List<AffectedComponent> changes = new ArrayList<>();
    statuses.forEach((id, status) -> {
      PublicComponent c = components.get(id);
      if (c.getStatus() != status) {
        old.put(id, c.getStatus());
        changes.add(new AffectedComponent().code(id).name(c.getName()).oldStatus(c.getStatus()).newStatus(status));
        c.setStatus(status);
      }
    });
    return commit.apply(new StatusesApplied(affected.stream().map(components::get).toList(), changes))
      .onFailure(e -> old.forEach((id, status) -> components.get(id).setStatus(status)));
  }

  @Override
  public Future<Void> settle(SqlClient tx, String opId) {
    settled.add(opId);
    return Future.succeededFuture();
  }
}
