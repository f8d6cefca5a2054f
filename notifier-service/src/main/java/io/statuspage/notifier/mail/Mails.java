package io.statuspage.notifier.mail;

import io.statuspage.notifier.Tokens;
import io.statuspage.notifier.delivery.WebhookPayloads;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailMessage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The mails. What an event says is taken at fan-out ({@link #content}: one small JSON per event, stored on each
 * delivery row); the mail is made at send time from it, the subscriber and the page, so its links carry the page's
 * current address. Manage and unsubscribe tokens have no expiry and are derived from the subscriber alone, so every
 * attempt of a row sends the same words under the same {@code Message-ID} (made from the row's id).
 */
public final class Mails {

  /** The paths of the public pages the links lead to (the gateway serves them). */
  public static final String CONFIRM_PATH = "/subscribe/confirm";
  public static final String MANAGE_PATH = "/subscribe/manage";
  public static final String UNSUBSCRIBE_PATH = "/subscribe/unsubscribe";

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'");

  /** The page a mail speaks for: its name, and its address without a trailing slash. */
  public record Page(String name, String url) {

    public Page {
      url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
  }

  private final Tokens tokens;
  private final String from;
  private final String domain;

  private Mails(Tokens tokens, String from) {
    this.tokens = tokens;
    this.from = from;
    int at = from.lastIndexOf('@');
    String host = at < 0 ? "" : from.substring(at + 1).replace(">", "").strip();
    this.domain = host.isEmpty() ? "statuspage.invalid" : host;
  }

  /** Mails sent from {@code from} ({@code mail.from}), their links signed by {@code tokens}. */
  public static Mails create(Tokens tokens, String from) {
    return new Mails(tokens, from);
  }

  /** What an incident or maintenance event tells its mail subscribers, kept on the delivery row. */
  public static JsonObject content(String eventType, JsonObject data) {
    JsonObject incident = data.getJsonObject("incident", new JsonObject());
    JsonObject update = WebhookPayloads.update(incident, data.getString("incident_update_id"));
    JsonArray components = new JsonArray();
    for (Object c : incident.getJsonArray("components", new JsonArray())) {
      if (c instanceof JsonObject component && component.getString("name") != null) {
        components.add(component.getString("name"));
      }
    }
    String body = update == null ? null : update.getString("body");
    return new JsonObject()
      .put("event_type", eventType)
      .put("incident_id", incident.getString("id"))
      .put("name", incident.getString("name", "Incident"))
      .put("status", update != null && update.getString("status") != null ? update.getString("status")
        : incident.getString("status"))
      .put("body", body == null || body.isBlank() ? null : body)
      .put("scheduled_for", incident.getString("scheduled_for"))
      .put("scheduled_until", incident.getString("scheduled_until"))
      .put("components", components);
  }

  /** An incident or maintenance mail to subscriber {@code subscriberId}. */
  public MailMessage news(String deliveryId, String to, String subscriberId, Page page, JsonObject content) {
    String name = content.getString("name", "Incident");
    String status = WebhookPayloads.label(content.getString("status"));
    String subject = "[" + page.name() + "] " + name + ": " + status;
    List<String> components = new ArrayList<>();
    content.getJsonArray("components", new JsonArray()).forEach(c -> components.add(String.valueOf(c)));
    String id = content.getString("incident_id");
    NewsMail mail = new NewsMail(subject, page.name(), name, status, window(content), content.getString("body"),
      components, id == null ? page.url() : page.url() + "/incidents/" + encode(id), manageUrl(page, subscriberId),
      unsubscribeUrl(page, subscriberId));
    return message(deliveryId, to, unsubscribeUrl(page, subscriberId), subject, MailTemplates.html("news.jte", mail),
      MailTemplates.text("news.jte", mail));
  }

  /** The double opt-in mail: the only one an unconfirmed subscriber gets. */
  public MailMessage confirmation(String deliveryId, String to, String subscriberId, Page page) {
    String subject = "Confirm your subscription to " + page.name();
    ConfirmationMail mail = new ConfirmationMail(subject, page.name(),
      page.url() + CONFIRM_PATH + "?token=" + tokens.confirm(subscriberId), Tokens.CONFIRM_FOR.toDays(),
      manageUrl(page, subscriberId), unsubscribeUrl(page, subscriberId));
    return message(deliveryId, to, unsubscribeUrl(page, subscriberId), subject,
      MailTemplates.html("confirmation.jte", mail), MailTemplates.text("confirmation.jte", mail));
  }

  /** Tells a webhook's contact that it was quarantined or is gone ({@code content}: reason and detail). */
  public MailMessage contactNotice(String deliveryId, String to, String subscriberId, String endpoint, Page page,
                                   JsonObject content) {
    boolean gone = "gone".equals(content.getString("reason"));
    String subject = "[" + page.name() + "] Your webhook was " + (gone ? "disabled" : "quarantined");
    ContactMail mail = new ContactMail(subject, page.name(), endpoint, gone, content.getString("detail"),
      manageUrl(page, subscriberId), unsubscribeUrl(page, subscriberId));
    return message(deliveryId, to, unsubscribeUrl(page, subscriberId), subject, MailTemplates.html("contact.jte", mail),
      MailTemplates.text("contact.jte", mail));
  }

  /** The {@code Message-ID} of every attempt of delivery {@code deliveryId}. */
  public String messageId(String deliveryId) {
    return "<" + deliveryId + "@" + domain + ">";
  }

  private MailMessage message(String deliveryId, String to, String unsubscribeUrl, String subject, String html,
                              String text) {
    MailMessage message = new MailMessage().setFrom(from).setTo(to).setSubject(subject).setHtml(html).setText(text);
    message.addHeader("Message-ID", messageId(deliveryId));
    // RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the URL.
    message.addHeader("List-Unsubscribe", "<" + unsubscribeUrl + ">");
    message.addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    message.addHeader("Auto-Submitted", "auto-generated");
    return message;
  }

  private String manageUrl(Page page, String subscriberId) {
    return page.url() + MANAGE_PATH + "?token=" + tokens.manage(subscriberId);
  }

  private String unsubscribeUrl(Page page, String subscriberId) {
    return page.url() + UNSUBSCRIBE_PATH + "?token=" + tokens.unsubscribe(subscriberId);
  }

  /** A maintenance's window, in UTC; null for an incident. */
  private static String window(JsonObject content) {
    String start = when(content.getString("scheduled_for"));
    String end = when(content.getString("scheduled_until"));
    return start == null ? null : end == null ? "from " + start : start + " to " + end;
  }

  private static String when(String iso) {
    if (iso == null) {
      return null;
    }
    try {
      return WHEN.format(OffsetDateTime.parse(iso).withOffsetSameInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
