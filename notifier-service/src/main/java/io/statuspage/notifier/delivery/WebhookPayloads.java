package io.statuspage.notifier.delivery;

import io.statuspage.bus.Services;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Locale;

/**
 * The bodies webhooks are sent, built once at fan-out so every retry sends the same bytes: Statuspage's webhook
 * shapes ({@code statuspage}), a Slack incoming-webhook message ({@code slack}) or a Microsoft Teams message card
 * ({@code teams}). {@code news} is the event's data: a component status change or an incident change.
 */
public final class WebhookPayloads {

  static final String DOCUMENTATION = "https://help.statuspage.io/knowledge_base/topics/webhook-notifications";

  private WebhookPayloads() {
  }

  /**
   * Stands for the subscriber's unsubscribe token in a {@code statuspage} body built once for many subscribers;
   * {@link #forSubscriber} puts each one's in. JSON-safe as it is, and so is a token (base64url and a dot).
   */
  static final String TOKEN = "{unsubscribe_token}";

  /**
   * The body for subscribers whose format is {@code format}. {@code page}: the page's {@code id} and, when known,
   * its {@code status_indicator} and {@code status_description}; {@code unsubscribe}: the unsubscribe link but its
   * token.
   */
  public static String body(String format, String eventId, String eventType, Instant occurredAt, JsonObject news,
                            JsonObject page, String unsubscribe) {
    boolean component = Services.Component.STATUS_CHANGED.equals(eventType);
    return switch (format == null ? "statuspage" : format) {
      case "slack" -> new JsonObject().put("text", component ? componentText(news, "*") : incidentText(news, "*"))
        .encode();
      case "teams" -> teams(component ? componentTitle(news) : incidentTitle(news),
        component ? componentText(news, "**") : incidentText(news, "**")).encode();
      default -> (component ? componentUpdate(eventId, occurredAt, news, page, unsubscribe)
        : incident(occurredAt, news, page, unsubscribe)).encode();
    };
  }

  /** A body of {@link #body} as subscriber's: with its unsubscribe token, the same every time. */
  public static String forSubscriber(String body, String unsubscribeToken) {
    return body.replace(TOKEN, unsubscribeToken);
  }

  private static JsonObject meta(Instant occurredAt, String unsubscribe) {
    return new JsonObject().put("unsubscribe", unsubscribe + TOKEN).put("documentation", DOCUMENTATION)
      .put("generated_at", occurredAt.toString());
  }

  private static JsonObject componentUpdate(String eventId, Instant occurredAt, JsonObject news, JsonObject page,
                                            String unsubscribe) {
    JsonObject component = news.getJsonObject("component", new JsonObject());
    return new JsonObject()
      .put("meta", meta(occurredAt, unsubscribe))
      .put("page", page.copy())
      .put("component_update", new JsonObject()
        .put("old_status", news.getString("old_status"))
        .put("new_status", news.getString("new_status"))
        .put("created_at", occurredAt.toString())
        .put("component_type", "Component")
        .put("state", "sn_created")
        .put("id", eventId)
        .put("component_id", component.getString("id")))
      .put("component", component);
  }

  private static JsonObject incident(Instant occurredAt, JsonObject news, JsonObject page, String unsubscribe) {
    return new JsonObject()
      .put("meta", meta(occurredAt, unsubscribe))
      .put("page", page.copy())
      .put("incident", news.getJsonObject("incident", new JsonObject()));
  }

  private static JsonObject teams(String title, String text) {
    return new JsonObject()
      .put("@type", "MessageCard")
      .put("@context", "https://schema.org/extensions")
      .put("summary", title)
      .put("title", title)
      .put("text", text);
  }

  private static String componentTitle(JsonObject news) {
    return news.getJsonObject("component", new JsonObject()).getString("name", "A component") + " is "
      + label(news.getString("new_status"));
  }

  private static String componentText(JsonObject news, String bold) {
    return bold + news.getJsonObject("component", new JsonObject()).getString("name", "A component") + bold
      + " is now " + label(news.getString("new_status")) + " (was " + label(news.getString("old_status")) + ")";
  }

  private static String incidentTitle(JsonObject news) {
    JsonObject incident = news.getJsonObject("incident", new JsonObject());
    return incident.getString("name", "Incident") + ": " + label(incident.getString("status"));
  }

  private static String incidentText(JsonObject news, String bold) {
    JsonObject incident = news.getJsonObject("incident", new JsonObject());
    StringBuilder text = new StringBuilder(bold).append(incident.getString("name", "Incident")).append(bold)
      .append(" is ").append(label(incident.getString("status")));
    JsonObject update = update(incident, news.getString("incident_update_id"));
    if (update != null && update.getString("body") != null && !update.getString("body").isBlank()) {
      text.append("\n").append(update.getString("body"));
    }
    return text.toString();
  }

  /** The update that is the news, or the newest. */
  public static JsonObject update(JsonObject incident, String updateId) {
    JsonArray updates = incident.getJsonArray("incident_updates", new JsonArray());
    for (int i = 0; i < updates.size(); i++) {
      if (updates.getJsonObject(i).getString("id", "").equals(updateId)) {
        return updates.getJsonObject(i);
      }
    }
    return updates.isEmpty() ? null : updates.getJsonObject(0);
  }

  /** {@code degraded_performance} as "Degraded Performance". */
  public static String label(String status) {
    if (status == null || status.isEmpty()) {
      return "Unknown";
    }
    StringBuilder out = new StringBuilder();
    for (String word : status.split("_")) {
      if (!word.isEmpty()) {
        out.append(out.length() == 0 ? "" : " ").append(word.substring(0, 1).toUpperCase(Locale.ROOT))
          .append(word.substring(1));
      }
    }
    return out.toString();
  }
}
