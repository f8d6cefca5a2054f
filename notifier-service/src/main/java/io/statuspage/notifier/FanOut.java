package io.statuspage.notifier;

import io.statuspage.bus.EventConsumer;
import io.statuspage.bus.Services;
import io.statuspage.bus.messages.Event;
import io.statuspage.notifier.delivery.WebhookPayloads;
import io.statuspage.notifier.mail.Mails;
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
 * reaches, its body built now. Component status changes reach the webhook subscribers of that component; incident and
 * maintenance news (when it is to be delivered) the webhook and confirmed email subscribers of any affected component,
 * the "all components" ones, and the incident's own. As on Statuspage, a component's status change alone mails nobody
 * (it would mail on every flap). Other events reach nobody.
 *
 * <p>A webhook row carries the body it sends; an email row what the event says ({@link Mails#content}), the mail
 * itself being made at send time, when the page's current address is known (see {@link EmailChannel}).
 */
final class FanOut {

  private static final Set<String> INCIDENT_NEWS = Set.of(Services.Incident.INCIDENT_CREATED,
    Services.Incident.INCIDENT_UPDATED, Services.Incident.INCIDENT_RESOLVED, Services.Incident.MAINTENANCE_SCHEDULED,
    Services.Incident.MAINTENANCE_REMINDER, Services.Incident.MAINTENANCE_STARTED,
    Services.Incident.MAINTENANCE_UPDATED, Services.Incident.MAINTENANCE_COMPLETED);

  private final DeliveryRepository repository;
  private final Clock clock;
  private final Pages pages;
  private final String fallbackUrl;

  /**
   * {@code pages} tells the page's address and overall status for Statuspage-shaped bodies ({@code fallbackUrl}, the
   * configured {@code page.url}, and no status while component-service does not answer).
   */
  FanOut(DeliveryRepository repository, Clock clock, Pages pages, String fallbackUrl) {
    this.repository = repository;
    this.clock = clock;
    this.pages = pages;
    this.fallbackUrl = fallbackUrl;
  }

  /**
   * Before the event's transaction: the page as webhook bodies show it, asked of component-service only for an event
   * that may reach someone, and never inside the transaction (a slow answer would hold its connection and row).
   * Gives the effect: {@link #apply} with that page, adding the deliveries; its future says how many.
   */
  Future<Effect> prepare(Event event) {
    JsonObject data = event.data();
    boolean reaches = Services.Component.STATUS_CHANGED.equals(event.type())
      || INCIDENT_NEWS.contains(event.type()) && data.getBoolean("deliver_notifications", false);
    if (!reaches) {
      return Future.succeededFuture((tx, e) -> Future.succeededFuture(0));
    }
    return page(data.getString("page_id")).map(page -> (tx, e) -> apply(tx, e, page));
  }

  /** The effect {@link #prepare} gives: its future completes with the number of deliveries added. */
  interface Effect extends EventConsumer.Effect {
    @Override
    Future<Integer> apply(SqlClient tx, Event event);
  }

  /** Adds the event's deliveries with {@code tx}; completes with how many. */
  private Future<Integer> apply(SqlClient tx, Event event, Page page) {
    JsonObject data = event.data();
    Future<List<DeliveryRepository.Target>> targets;
    Future<Integer> mails = Future.succeededFuture(0);
    if (Services.Component.STATUS_CHANGED.equals(event.type())) {
      targets = repository.componentTargets(tx, "webhook", data.getString("page_id"),
        data.getJsonObject("component", new JsonObject()).getString("id"));
    } else if (INCIDENT_NEWS.contains(event.type()) && data.getBoolean("deliver_notifications", false)) {
      JsonObject incident = data.getJsonObject("incident", new JsonObject());
      targets = repository.incidentTargets(tx, "webhook", data.getString("page_id"), incident.getString("id"),
        componentIds(incident));
      mails = repository.incidentTargets(tx, "email", data.getString("page_id"), incident.getString("id"),
          componentIds(incident))
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.succeededFuture(0);
          }
          List<DeliveryRepository.Planned> planned = new ArrayList<>(found.size());
          for (DeliveryRepository.Target target : found) {
            planned.add(new DeliveryRepository.Planned("eml_" + Ids.random(24), target.subscriberId(), EMAIL));
          }
          return repository.addPayloads(tx, event.id(), Map.of(EMAIL, Mails.content(event.type(), data).encode()))
            .compose(v -> repository.add(tx, event.id(), event.type(), "email", planned, Writer.now(clock)));
        });
    } else {
      return Future.succeededFuture(0);
    }
    Future<Integer> hooks = targets.compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(0);
      }
      List<DeliveryRepository.Planned> planned = new ArrayList<>(found.size());
      // One body per format, stored once; a Statuspage body gets the subscriber's own token when it is sent.
      Map<String, String> bodies = new HashMap<>();
      for (DeliveryRepository.Target target : found) {
        String format = target.format() == null ? "statuspage" : target.format();
        bodies.computeIfAbsent(format, f -> WebhookPayloads.body(f, event.id().toString(), event.type(),
          event.occurredAt(), data, page.facts(), page.url() + Mails.UNSUBSCRIBE_PATH + "?token="));
        planned.add(new DeliveryRepository.Planned("msg_" + Ids.random(24), target.subscriberId(), format));
      }
      return repository.addPayloads(tx, event.id(), bodies)
        .compose(v -> repository.add(tx, event.id(), event.type(), "webhook", planned, Writer.now(clock)));
    });
    // Both queued on the transaction's one connection; the event is taken in when both are written.
    Future<Integer> mailed = mails;
    return hooks.compose(h -> mailed.map(m -> h + m));
  }

  /** The kind of the payload mails are made from. */
  static final String EMAIL = "email";

  /** The page as a webhook body shows it, and its address. */
  private record Page(JsonObject facts, String url) {
  }

  private Future<Page> page(String pageId) {
    return pages.summary(pageId)
      .map(summary -> {
        JsonObject page = summary.getJsonObject("page", new JsonObject());
        JsonObject status = summary.getJsonObject("status", new JsonObject());
        String url = page.getString("url");
        return new Page(new JsonObject().put("id", pageId)
          .put("status_indicator", status.getString("indicator"))
          .put("status_description", status.getString("description")),
          trim(url == null || url.isBlank() ? fallbackUrl : url));
      })
      .otherwise(e -> new Page(new JsonObject().put("id", pageId), trim(fallbackUrl)));
  }

  private static String trim(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
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
