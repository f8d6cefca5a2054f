package io.statuspage.gateway.api;

import io.statuspage.bus.Services.Component;
import io.statuspage.bus.Services.Incident;
import io.statuspage.bus.Services.Notifier;
import io.statuspage.bus.Services.Uptime;
import io.statuspage.gateway.access.ApiKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The management API (Statuspage v1 routes), as one table: each operation of the contract is one request to one
 * service action. The handler only translates: path and query parameters, by their contract names, plus the
 * validated body make the request; the reply is the response body, sent with the operation's status. Operations
 * whose contract declares the {@code Idempotency-Key} header are safe to retry ({@link IdempotentWrites}).
 */
public final class ManagementApi {

  /** How one contract operation maps onto a service action. */
  public record Operation(String operationId, String address, String action, int status) {
  }

  /** Every management operation. A new one is a line here, its action in the service, and the contract. */
  public static final List<Operation> OPERATIONS = List.of(
    new Operation("listPages", Component.ADDRESS, Component.PAGE_LIST, 200),
    new Operation("getPage", Component.ADDRESS, Component.PAGE_GET, 200),
    new Operation("patchPage", Component.ADDRESS, Component.PAGE_UPDATE, 200),
    new Operation("putPage", Component.ADDRESS, Component.PAGE_UPDATE, 200),
    new Operation("listComponents", Component.ADDRESS, Component.LIST, 200),
    new Operation("createComponent", Component.ADDRESS, Component.CREATE, 201),
    new Operation("getComponent", Component.ADDRESS, Component.GET, 200),
    new Operation("patchComponent", Component.ADDRESS, Component.UPDATE, 200),
    new Operation("putComponent", Component.ADDRESS, Component.UPDATE, 200),
    new Operation("deleteComponent", Component.ADDRESS, Component.DELETE, 204),
    new Operation("listComponentStatusChanges", Component.ADDRESS, Component.HISTORY, 200),
    new Operation("listComponentGroups", Component.ADDRESS, Component.GROUP_LIST, 200),
    new Operation("createComponentGroup", Component.ADDRESS, Component.GROUP_CREATE, 201),
    new Operation("getComponentGroup", Component.ADDRESS, Component.GROUP_GET, 200),
    new Operation("patchComponentGroup", Component.ADDRESS, Component.GROUP_UPDATE, 200),
    new Operation("putComponentGroup", Component.ADDRESS, Component.GROUP_UPDATE, 200),
    new Operation("deleteComponentGroup", Component.ADDRESS, Component.GROUP_DELETE, 200),
    new Operation("listIncidents", Incident.ADDRESS, Incident.LIST, 200),
    new Operation("createIncident", Incident.ADDRESS, Incident.CREATE, 201),
    new Operation("listUnresolvedIncidents", Incident.ADDRESS, Incident.UNRESOLVED, 200),
    new Operation("listUpcomingIncidents", Incident.ADDRESS, Incident.UPCOMING, 200),
    new Operation("listActiveMaintenances", Incident.ADDRESS, Incident.ACTIVE_MAINTENANCE, 200),
    new Operation("listScheduledIncidents", Incident.ADDRESS, Incident.SCHEDULED, 200),
    new Operation("getIncident", Incident.ADDRESS, Incident.GET, 200),
    new Operation("patchIncident", Incident.ADDRESS, Incident.UPDATE, 200),
    new Operation("putIncident", Incident.ADDRESS, Incident.UPDATE, 200),
    new Operation("deleteIncident", Incident.ADDRESS, Incident.DELETE, 200),
    new Operation("patchIncidentUpdate", Incident.ADDRESS, Incident.UPDATE_EDIT, 200),
    new Operation("putIncidentUpdate", Incident.ADDRESS, Incident.UPDATE_EDIT, 200),
    new Operation("listIncidentTemplates", Incident.ADDRESS, Incident.TEMPLATE_LIST, 200),
    new Operation("createIncidentTemplate", Incident.ADDRESS, Incident.TEMPLATE_CREATE, 201),
    new Operation("getPostmortem", Incident.ADDRESS, Incident.POSTMORTEM_GET, 200),
    new Operation("putPostmortem", Incident.ADDRESS, Incident.POSTMORTEM_PUT, 200),
    new Operation("deletePostmortem", Incident.ADDRESS, Incident.POSTMORTEM_DELETE, 204),
    new Operation("publishPostmortem", Incident.ADDRESS, Incident.POSTMORTEM_PUBLISH, 200),
    new Operation("revertPostmortem", Incident.ADDRESS, Incident.POSTMORTEM_REVERT, 200),
    new Operation("listSubscribers", Notifier.ADDRESS, Notifier.LIST, 200),
    new Operation("createSubscriber", Notifier.ADDRESS, Notifier.CREATE, 201),
    new Operation("countSubscribers", Notifier.ADDRESS, Notifier.COUNT, 200),
    new Operation("getSubscriber", Notifier.ADDRESS, Notifier.GET, 200),
    new Operation("patchSubscriber", Notifier.ADDRESS, Notifier.UPDATE, 200),
    new Operation("deleteSubscriber", Notifier.ADDRESS, Notifier.DELETE, 200),
    new Operation("resendSubscriberConfirmation", Notifier.ADDRESS, Notifier.RESEND_CONFIRMATION, 201),
    new Operation("reactivateSubscriber", Notifier.ADDRESS, Notifier.REACTIVATE, 201),
    new Operation("listSubscriberDeliveries", Notifier.ADDRESS, Notifier.DELIVERIES, 200),
    new Operation("listIncidentSubscribers", Notifier.ADDRESS, Notifier.INCIDENT_LIST, 200),
    new Operation("createIncidentSubscriber", Notifier.ADDRESS, Notifier.INCIDENT_CREATE, 201),
    new Operation("getIncidentSubscriber", Notifier.ADDRESS, Notifier.INCIDENT_GET, 200),
    new Operation("deleteIncidentSubscriber", Notifier.ADDRESS, Notifier.INCIDENT_DELETE, 200),
    new Operation("listMetricsProviders", Uptime.ADDRESS, Uptime.PROVIDER_LIST, 200),
    new Operation("createMetricsProvider", Uptime.ADDRESS, Uptime.PROVIDER_CREATE, 201),
    new Operation("getMetricsProvider", Uptime.ADDRESS, Uptime.PROVIDER_GET, 200),
    new Operation("patchMetricsProvider", Uptime.ADDRESS, Uptime.PROVIDER_UPDATE, 200),
    new Operation("deleteMetricsProvider", Uptime.ADDRESS, Uptime.PROVIDER_DELETE, 200),
    new Operation("listProviderMetrics", Uptime.ADDRESS, Uptime.PROVIDER_METRICS, 200),
    new Operation("createMetric", Uptime.ADDRESS, Uptime.METRIC_CREATE, 201),
    new Operation("listMetrics", Uptime.ADDRESS, Uptime.METRIC_LIST, 200),
    new Operation("listProbes", Uptime.ADDRESS, Uptime.PROBE_LIST, 200),
    new Operation("createProbe", Uptime.ADDRESS, Uptime.PROBE_CREATE, 201),
    new Operation("getProbe", Uptime.ADDRESS, Uptime.PROBE_GET, 200),
    new Operation("patchProbe", Uptime.ADDRESS, Uptime.PROBE_UPDATE, 200),
    new Operation("deleteProbe", Uptime.ADDRESS, Uptime.PROBE_DELETE, 200),
    new Operation("listProbeResults", Uptime.ADDRESS, Uptime.PROBE_RESULTS, 200),
    new Operation("createCheckResult", Uptime.ADDRESS, Uptime.CHECK_RESULT_CREATE, 201),
    new Operation("getStatusRule", Uptime.ADDRESS, Uptime.RULE_GET, 200),
    new Operation("putStatusRule", Uptime.ADDRESS, Uptime.RULE_PUT, 200),
    new Operation("deleteStatusRule", Uptime.ADDRESS, Uptime.RULE_DELETE, 200),
    new Operation("getMetric", Uptime.ADDRESS, Uptime.METRIC_GET, 200),
    new Operation("createMetricData", Uptime.ADDRESS, Uptime.METRIC_DATA, 201),
    new Operation("createMetricDataBulk", Uptime.ADDRESS, Uptime.METRIC_DATA_BULK, 202));

  private final Map<String, ServiceClient> services;
  private final IdempotentWrites writes;

  private ManagementApi(Map<String, ServiceClient> services, IdempotentWrites writes) {
    this.services = services;
    this.writes = writes;
  }

  /** The API over a client per service address, each with {@code timeout}; keyed writes go through {@code writes}. */
  public static ManagementApi create(Vertx vertx, Duration timeout, IdempotentWrites writes) {
    return new ManagementApi(OPERATIONS.stream().map(Operation::address).distinct()
      .collect(Collectors.toMap(Function.identity(), address -> ServiceClient.create(vertx, address, timeout))),
      writes);
  }

  /** Mounts every operation; those whose contract declares {@code Idempotency-Key} honour it. */
  public void mount(RouterBuilder builder) {
    for (Operation op : OPERATIONS) {
      ServiceClient service = services.get(op.address());
      OpenAPIRoute route = builder.getRoute(op.operationId());
      boolean keyed = IdempotentWrites.declared(route.getOperation());
      route.addHandler(rc -> {
        ValidatedRequest request = rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
        String caller = caller(rc.user());
        Function<String, Future<Answer>> send = requestId -> service
          .request(op.action(), toBody(request), caller, requestId).map(reply -> Answer.of(op.status(), reply));
        (keyed ? writes.answer(rc, route.getOperation(), request, caller, send) : send.apply(null))
          .onSuccess(answer -> answer.send(rc.response()))
          .onFailure(rc::fail);
      });
    }
  }

  /** The request a service gets: the body's fields, then query and path parameters under their contract names. */
  static JsonObject toBody(ValidatedRequest request) {
    JsonObject body = new JsonObject();
    RequestParameter requestBody = request.getBody();
    if (requestBody != null && !requestBody.isNull() && requestBody.get() instanceof JsonObject json) {
      body.mergeIn(json);
    }
    request.getQuery().forEach((name, value) -> {
      if (!value.isNull()) {
        body.put(name, value.get());
      }
    });
    request.getPathParameters().forEach((name, value) -> body.put(name, value.getString()));
    return body;
  }

  static String caller(User user) {
    return user == null ? null : user.principal().getString(ApiKeys.CALLER);
  }
}
