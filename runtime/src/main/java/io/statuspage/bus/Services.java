package io.statuspage.bus;

import io.statuspage.bus.messages.ComponentChanged;
import io.statuspage.bus.messages.ComponentStatusChanged;
import io.statuspage.bus.messages.ComponentsPart;
import io.statuspage.bus.messages.Event;
import io.statuspage.bus.messages.IncidentsPart;
import io.statuspage.bus.messages.PingReply;
import io.statuspage.bus.messages.Receipt;
import io.statuspage.bus.messages.SummaryPart;

/**
 * The event-bus contract between the gateway and the services: where each service listens, the actions it
 * answers, and the topics it publishes domain events on. Requests and replies are JSON; the action travels in
 * the {@link #ACTION} header, the caller (for history and audit) in {@link #CALLER}, a keyed write's id in
 * {@link #REQUEST_ID}. A management action's request is the JSON of the contract's request body with the path and
 * query parameters beside it under their contract names, read with {@link Requests}; its reply is the contract's
 * response body. Shapes that travel only on the bus are the records of {@link io.statuspage.bus.messages}.
 *
 * <p>Domain events ({@link Event}) leave a service through its {@link Outbox} in two ways: published on its
 * {@code EVENTS} topic, fire-and-forget, for whoever listens now (gateways rebuild their snapshot on it); and sent,
 * request/reply, in order, to each durable consumer configured for that outbox ({@link Notifier#INBOX}) until it
 * acknowledges, however long it was away. A durable consumer takes them with an {@link EventConsumer}.
 */
public interface Services {

  String ACTION = "action";
  String CALLER = "caller";
  /**
   * One write, however often it is sent: the same id on every attempt of one request, another id for any other
   * request. The gateway sets it on a write the client keyed ({@code Idempotency-Key}, scoped to the caller) and
   * sends such a write once more, maybe to another instance, when the first attempt timed out or found no handler:
   * the first may still have been applied. So an action that creates things must dedupe on it: record the id with
   * the change, in the same transaction, and answer a repeated id with the first reply, changing nothing
   * ({@link io.statuspage.write.Writer#write(Object, String, java.util.function.Function)} does both, with
   * {@link io.statuspage.write.HandledRequests}). Absent on requests nobody keyed.
   */
  String REQUEST_ID = "request-id";
  /**
   * Every service answers it, cheaply, after checking its own database: how a gateway tells whether the write path
   * works. Replies a {@link PingReply}.
   */
  String PING = "ping";
  /**
   * Answered by every service with a share of the public page, a {@link SummaryPart}: its part of the gateway's
   * snapshot ({@link ComponentsPart}, {@link IncidentsPart}; see the gateway's {@code SnapshotPart}).
   */
  String SNAPSHOT = "snapshot";

  /** component-service: components, groups, the page, status history. */
  interface Component {
    String ADDRESS = "statuspage.component";
    String EVENTS = "statuspage.component.events";

    String PING = Services.PING;
    String PAGE_LIST = "page.list";
    String PAGE_GET = "page.get";
    String PAGE_UPDATE = "page.update";
    String SNAPSHOT = Services.SNAPSHOT;
    String LIST = "component.list";
    String GET = "component.get";
    String CREATE = "component.create";
    String UPDATE = "component.update";
    String DELETE = "component.delete";
    String HISTORY = "component.history";
    String GROUP_LIST = "group.list";
    String GROUP_GET = "group.get";
    String GROUP_CREATE = "group.create";
    String GROUP_UPDATE = "group.update";
    String GROUP_DELETE = "group.delete";
    /**
     * Sets the statuses of several components in one transaction, once per {@link Services#REQUEST_ID} (which is
     * required): how incident-service applies an incident's {@code components} and the automatic maintenance moves.
     * With no statuses it only reads the components named, and needs no request id. Request and reply are the
     * records {@code StatusesApply} and {@code StatusesApplied} of {@link io.statuspage.bus.messages}.
     */
    String STATUSES_APPLY = "component.statuses.apply";
    /**
     * Automation (the uptime collector's status rules) asks to set one component's status, with its reason and
     * source: {@link io.statuspage.bus.messages.AutomaticStatus}, once per {@link Services#REQUEST_ID} (required),
     * replying {@link io.statuspage.bus.messages.AutomaticStatusResult}. A component a person holds (its
     * {@code automation_hold}) is left as it is and the request recorded as skipped.
     */
    String STATUS_AUTOMATIC = "component.status.automatic";

    /** Event type: a component's status moved; {@code data} is a {@link ComponentStatusChanged}. */
    String STATUS_CHANGED = "component.status-changed";
    /**
     * Event type: something about the page, a component or a group changed, status moves included; {@code data} is a
     * {@link ComponentChanged}. Gateways rebuild on it.
     */
    String CHANGED = "component.changed";
  }

  /** incident-service: incidents and scheduled maintenance. */
  interface Incident {
    String ADDRESS = "statuspage.incident";
    String EVENTS = "statuspage.incident.events";
    String PING = Services.PING;
    String SNAPSHOT = Services.SNAPSHOT;
    String LIST = "incident.list";
    String UNRESOLVED = "incident.unresolved";
    String UPCOMING = "incident.upcoming";
    String SCHEDULED = "incident.scheduled";
    String ACTIVE_MAINTENANCE = "incident.active-maintenance";
    String CREATE = "incident.create";
    String GET = "incident.get";
    String UPDATE = "incident.update";
    String DELETE = "incident.delete";
    String UPDATE_EDIT = "incident.update-edit";
    String TEMPLATE_LIST = "template.list";
    String TEMPLATE_CREATE = "template.create";
    String POSTMORTEM_GET = "postmortem.get";
    String POSTMORTEM_PUT = "postmortem.put";
    String POSTMORTEM_DELETE = "postmortem.delete";
    String POSTMORTEM_PUBLISH = "postmortem.publish";
    String POSTMORTEM_REVERT = "postmortem.revert";

    // Event types, for the notifier; data is an IncidentChanged (the incident as the management API shows it, the
    // update that is the news). Gateways rebuild on any of them.
    String INCIDENT_CREATED = "incident.created";
    String INCIDENT_UPDATED = "incident.updated";
    String INCIDENT_RESOLVED = "incident.resolved";
    /** The incident changed without news for subscribers (an edited update, a deletion, a postmortem draft). */
    String INCIDENT_CHANGED = "incident.changed";
    String MAINTENANCE_SCHEDULED = "maintenance.scheduled";
    String MAINTENANCE_REMINDER = "maintenance.reminder";
    String MAINTENANCE_STARTED = "maintenance.started";
    String MAINTENANCE_UPDATED = "maintenance.updated";
    String MAINTENANCE_COMPLETED = "maintenance.completed";
  }

  /** notifier-service: subscribers and deliveries. */
  interface Notifier {
    String ADDRESS = "statuspage.notifier";
    /**
     * Durable events: the outboxes of component-service and incident-service send each of their events here, in
     * order, until acknowledged. The body is an {@link Event}; the reply, a {@link Receipt}, acknowledges it once it
     * is recorded, a failure means "send it again later".
     */
    String INBOX = "statuspage.notifier.inbox";
    String EVENTS = "statuspage.notifier.events";
    String PING = Services.PING;
    String LIST = "subscriber.list";
    String COUNT = "subscriber.count";
    String CREATE = "subscriber.create";
    String GET = "subscriber.get";
    String UPDATE = "subscriber.update";
    /** Unsubscribes (DELETE of the management API); replies with the subscriber. */
    String DELETE = "subscriber.delete";
    String RESEND_CONFIRMATION = "subscriber.resend-confirmation";
    String REACTIVATE = "subscriber.reactivate";
    /** A subscriber's delivery log, newest first: {@code SubscriberDelivery} items of the contract. */
    String DELIVERIES = "subscriber.deliveries";
    String INCIDENT_LIST = "subscriber.incident-list";
    String INCIDENT_CREATE = "subscriber.incident-create";
    String INCIDENT_GET = "subscriber.incident-get";
    String INCIDENT_DELETE = "subscriber.incident-delete";
    /**
     * For the public pages: {@code {"token"}} from a confirmation link makes its subscriber active. Idempotent: a
     * confirmed subscriber answers unchanged. Replies with the subscriber; 422 naming {@code token} when the token is
     * forged, expired or its subscriber unsubscribed.
     */
    String CONFIRM = "subscriber.confirm";
    /**
     * For the public pages: {@code {"token"}} from a manage or unsubscribe link unsubscribes its subscriber.
     * Idempotent: an unsubscribed subscriber answers unchanged. Replies with the subscriber; 422 naming {@code token}
     * when the token is forged or of another purpose.
     */
    String UNSUBSCRIBE = "subscriber.unsubscribe";
    /**
     * For the manage page: {@code {"token"}} from a manage link answers its subscriber (never its secret), whatever
     * its state, so the page can say it has unsubscribed. 422 naming {@code token} when the token is forged or of
     * another purpose.
     */
    String MANAGE_GET = "subscriber.manage-get";
    /**
     * For the manage page: {@code {"token", "component_ids"}} replaces the components its subscriber hears of (an
     * empty or absent list: all of them). Replies with the subscriber; 422 naming {@code token} when the token is
     * forged, of another purpose or its subscriber unsubscribed, naming {@code component_ids} for an unknown one.
     */
    String MANAGE_UPDATE = "subscriber.manage-update";

    /** Event type: a subscriber was created or changed state or components; data is the Subscriber (no secret). */
    String SUBSCRIBER_CHANGED = "subscriber.changed";
  }

  /** uptime-collector: metrics providers (Pingdom), their metrics, and the daily figures they feed. */
  interface Uptime {
    String ADDRESS = "statuspage.uptime";
    String EVENTS = "statuspage.uptime.events";
    String PING = Services.PING;
    String PROVIDER_LIST = "metrics-provider.list";
    String PROVIDER_CREATE = "metrics-provider.create";
    String PROVIDER_GET = "metrics-provider.get";
    String PROVIDER_UPDATE = "metrics-provider.update";
    String PROVIDER_DELETE = "metrics-provider.delete";
    /** A provider's metrics. */
    String PROVIDER_METRICS = "metrics-provider.metrics";
    String METRIC_CREATE = "metric.create";
    /** Every metric of the page. */
    String METRIC_LIST = "metric.list";
    String METRIC_GET = "metric.get";
    /** One point of a custom metric ({@code MetricDataRequest} of the contract), replying it as stored. */
    String METRIC_DATA = "metric.data";
    /** Points of several custom metrics in one transaction ({@code MetricDataBulkRequest}), all or none. */
    String METRIC_DATA_BULK = "metric.data-bulk";
    /**
     * The page's graphs: per component its daily figures and response series, and the custom metrics' series, an
     * {@link io.statuspage.bus.messages.UptimePart}.
     */
    String SNAPSHOT = Services.SNAPSHOT;
    String PROBE_LIST = "probe.list";
    String PROBE_CREATE = "probe.create";
    String PROBE_GET = "probe.get";
    String PROBE_UPDATE = "probe.update";
    String PROBE_DELETE = "probe.delete";
    /** A probe's recent results, newest first. */
    String PROBE_RESULTS = "probe.results";
    /** A smoke test's result for a component (pass or fail, latency, message); once per request id. */
    String CHECK_RESULT_CREATE = "check-result.create";
    /** A component's status rule (hysteresis): read, set (replace) and remove. */
    String RULE_GET = "status-rule.get";
    String RULE_PUT = "status-rule.put";
    String RULE_DELETE = "status-rule.delete";

    /**
     * Event type: a provider or metric was added, changed or removed, a custom metric got data, or a deleted
     * component's probes, rule and figures were removed (kind {@code component}, action {@code deleted}); {@code data}
     * is {@code {page_id, kind, id, action}}. (Pingdom's and the status history's daily figures are not events: the
     * gateways read them with their snapshot, every {@code snapshot.refresh}.)
     */
    String CHANGED = "uptime.changed";
  }
}
