package io.statuspage.notifier;

import io.statuspage.bus.Services;
import io.statuspage.bus.messages.Event;
import io.statuspage.notifier.delivery.WebhookPayloads;
import io.statuspage.runtime.Ids;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * What taking an event in does: in the transaction that records it, one delivery row per subscriber the event
 * reaches, its body built now. Component status changes reach the subscribers of that component; incident and
 * maintenance news (when it is to be delivered) those of any affected component, the "all components" ones, and the
 * incident's own. Other events reach nobody.
 */
final class FanOut {

  private static final Set<String> INCIDENT_NEWS = Set.of(Services.Incident.INCIDENT_CREATED,
    Services.Incident.INCIDENT_UPDATED, Services.Incident.INCIDENT_RESOLVED, Services.Incident.MAINTENANCE_SCHEDULED,
    Services.Incident.MAINTENANCE_REMINDER, Services.Incident.MAINTENANCE_STARTED,
    Services.Incident.MAINTENANCE_UPDATED, Services.Incident.MAINTENANCE_COMPLETED);

  private final DeliveryRepository repository;
  private final Clock clock;

  FanOut(DeliveryRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  /** Adds the event's deliveries with {@code tx}; completes with how many. */
  Future<Integer> apply(SqlClient tx, Event event) {
    JsonObject data = event.data();
    Future<List<DeliveryRepository.Target>> targets;
    if (Services.Component.STATUS_CHANGED.equals(event.type())) {
      targets = repository.componentTargets(tx, data.getString("page_id"),
        data.getJsonObject("component", new JsonObject()).getString("id"));
    } else if (INCIDENT_NEWS.contains(event.type()) && data.getBoolean("deliver_notifications", false)) {
      JsonObject incident = data.getJsonObject("incident", new JsonObject());
      targets = repository.incidentTargets(tx, data.getString("page_id"), incident.getString("id"),
        componentIds(incident));
    } else {
      return Future.succeededFuture(0);
    }
    return targets.compose(found -> {
      List<DeliveryRepository.Planned> planned = new ArrayList<>(found.size());
      // One body per format: the same bytes for every subscriber that takes it.
      Map<String, String> bodies = new HashMap<>();
      for (DeliveryRepository.Target target : found) {
        String body = bodies.computeIfAbsent(String.valueOf(target.format()), f -> WebhookPayloads.body(
          target.format(), event.id().toString(), event.type(), event.occurredAt(), data));
        planned.add(new DeliveryRepository.Planned("msg_" + Ids.random(24), target.subscriberId(), body));
      }
      return repository.add(tx, event.id(), event.type(), "webhook", planned, Writer.now(clock));
    });
  }

  private static List<String> componentIds(JsonObject incident) {
    List<String> ids = new ArrayList<>();
    for (Object c : incident.getJsonArray("components", new JsonArray())) {
      if (c instanceof JsonObject component && component.getString("id") != null) {
        ids.add(component.getString("id"));
      }
    }
    return ids;
  }
}
