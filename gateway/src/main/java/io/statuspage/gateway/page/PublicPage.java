package io.statuspage.gateway.page;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the public status page from a Statuspage v2 {@code summary.json} body. A pure function: no I/O, no template
 * engine, every piece of data escaped through {@link Html#esc(Object)}. The page works with JavaScript off and never
 * refreshes itself.
 */
public final class PublicPage {

  /** Component statuses in words, GOV.UK tag colour and severity (for a group's worst status). */
  enum Status {
    OPERATIONAL("operational", "Operational", "govuk-tag--green", 0),
    UNDER_MAINTENANCE("under_maintenance", "Under maintenance", "govuk-tag--blue", 1),
    DEGRADED_PERFORMANCE("degraded_performance", "Degraded performance", "govuk-tag--yellow", 2),
    PARTIAL_OUTAGE("partial_outage", "Partial outage", "govuk-tag--orange", 3),
    MAJOR_OUTAGE("major_outage", "Major outage", "govuk-tag--red", 4),
    UNKNOWN("", "Unknown", "govuk-tag--grey", -1);

    final String code;
    final String words;
    final String tagClass;
    final int severity;

    Status(String code, String words, String tagClass, int severity) {
      this.code = code;
      this.words = words;
      this.tagClass = tagClass;
      this.severity = severity;
    }

    static Status of(String code) {
      if (code != null) {
        for (Status s : values()) {
          if (s != UNKNOWN && s.code.equals(code.strip().toLowerCase(Locale.ROOT))) {
            return s;
          }
        }
      }
      return UNKNOWN;
    }

    static Status worst(Status a, Status b) {
      return b.severity > a.severity ? b : a;
    }
  }

  /** The overall indicator: class suffix, default words when the description is missing. */
  private static final Map<String, String> INDICATORS = new LinkedHashMap<>();

  static {
    INDICATORS.put("none", "All Systems Operational");
    INDICATORS.put("minor", "Minor Service Outage");
    INDICATORS.put("major", "Partial System Outage");
    INDICATORS.put("critical", "Major System Outage");
    INDICATORS.put("maintenance", "Service Under Maintenance");
  }

  private static final Map<String, String> EVENT_STATUS = Map.of(
      "investigating", "Investigating",
      "identified", "Identified",
      "monitoring", "Monitoring",
      "resolved", "Resolved",
      "postmortem", "Postmortem",
      "scheduled", "Scheduled",
      "in_progress", "In progress",
      "verifying", "Verifying",
      "completed", "Completed");

  /** Incident impact: words and tag colour. */
  private static final Map<String, String[]> IMPACT = Map.of(
      "none", new String[] {"No impact", "govuk-tag--grey"},
      "minor", new String[] {"Minor", "govuk-tag--yellow"},
      "major", new String[] {"Major", "govuk-tag--orange"},
      "critical", new String[] {"Critical", "govuk-tag--red"},
      "maintenance", new String[] {"Maintenance", "govuk-tag--blue"});

  private PublicPage() {
  }

  /**
   * The {@code Content-Security-Policy} header value under which pages rendered with this view (status page and API
   * docs) work in full: scripts and styles only from this origin, plus the fixed inline snippet and the view's inline
   * brand style, each by hash. Nothing else inline is ever emitted.
   */
  public static String contentSecurityPolicy(PageView view) {
    return Layout.contentSecurityPolicy(view == null ? PageView.defaults() : view);
  }

  /**
   * The whole status page.
   *
   * @param summary a Statuspage v2 {@code summary.json} body ({@code page, components, incidents,
   *                scheduled_maintenances, status}); missing parts render as empty
   * @param view    freshness and branding; {@code null} gives {@link PageView#defaults()}
   */
  public static String render(JsonObject summary, PageView view) {
    JsonObject s = summary == null ? new JsonObject() : summary;
    PageView v = view == null ? PageView.defaults() : view;
    JsonObject page = Data.objOrEmpty(s, "page");
    String pageName = Data.orElse(Data.str(page, "name"), "Service");
    ZoneId zone = Dates.zone(v.zone(), Data.str(page, "time_zone"));
    Object updated = v.lastRefreshed() != null ? v.lastRefreshed() : page.getValue("updated_at");

    StringBuilder m = new StringBuilder(16384);
    m.append("<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds-from-desktop\">\n");
    m.append("<h1 class=\"govuk-heading-xl\">").append(Html.esc(pageName)).append(" status</h1>\n");
    if (v.stale()) {
      m.append("""
          <div class="govuk-warning-text sp-stale">
            <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
            <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>
            This page may be out of date. It was last updated at\s""")
          .append(updated == null ? "an unknown time" : Dates.time(updated, zone)).append(".</strong>\n</div>\n");
    }
    overall(m, Data.objOrEmpty(s, "status"), updated, zone);
    m.append("<a href=\"/subscribe\" role=\"button\" draggable=\"false\" class=\"govuk-button sp-subscribe\" "
        + "data-module=\"govuk-button\">Subscribe to updates</a>\n");

    m.append("<h2 class=\"govuk-heading-l\">Current status</h2>\n");
    components(m, Data.objects(s, "components"));

    m.append("<h2 class=\"govuk-heading-l\">Scheduled maintenance</h2>\n");
    List<JsonObject> maintenances = Data.objects(s, "scheduled_maintenances");
    if (maintenances.isEmpty()) {
      m.append("<p class=\"govuk-body sp-empty\">No maintenance is scheduled.</p>\n");
    } else {
      for (JsonObject mt : maintenances) {
        event(m, mt, zone, true);
      }
    }

    m.append("<h2 class=\"govuk-heading-l\">Recent incidents</h2>\n");
    List<JsonObject> incidents = Data.objects(s, "incidents");
    if (incidents.isEmpty()) {
      m.append("<p class=\"govuk-body sp-empty\">No incidents reported.</p>\n");
    } else {
      for (JsonObject incident : incidents) {
        event(m, incident, zone, false);
      }
    }
    m.append("</div>\n</div>\n");

    String logo = v.logoText() != null ? v.logoText() : pageName;
    String bodyAttrs = v.stale() ? " data-stale=\"true\"" : "";
    return Layout.document(pageName + " status", v, logo, Layout.Nav.STATUS, bodyAttrs, m.toString());
  }

  /**
   * The Subscribe page. Email and webhook subscriptions arrive with the notifier; until then it says so plainly and
   * points at what works today, rather than a button that leads nowhere.
   */
  public static String subscribe(JsonObject summary, PageView view) {
    JsonObject page = Data.objOrEmpty(summary == null ? new JsonObject() : summary, "page");
    PageView v = view == null ? PageView.defaults() : view;
    String pageName = Data.orElse(Data.str(page, "name"), "Service");
    String main = """
        <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds-from-desktop">
        <h1 class="govuk-heading-xl">Subscribe to updates</h1>
        <p class="govuk-body">Email and webhook subscriptions are not open on this page yet.</p>
        <p class="govuk-body">Until they are, you can follow the status of %s from your own tools:</p>
        <ul class="govuk-list govuk-list--bullet">
          <li><a class="govuk-link" href="/api/v2/status.json">/api/v2/status.json</a> gives the overall status;
            poll it with <code>If-None-Match</code> and an unchanged status costs almost nothing</li>
          <li><a class="govuk-link" href="/api/v2/summary.json">/api/v2/summary.json</a> has every component,
            in the same format as Atlassian Statuspage, so existing widgets and integrations work</li>
        </ul>
        <p class="govuk-body"><a class="govuk-link" href="/">Back to the current status</a></p>
        </div>
        </div>
        """.formatted(Html.esc(pageName));
    String logo = v.logoText() != null ? v.logoText() : pageName;
    return Layout.document("Subscribe to updates - " + pageName + " status", v, logo, Layout.Nav.SUBSCRIBE,
      v.stale() ? " data-stale=\"true\"" : "", main);
  }

  /** An error page for people (API clients get problem JSON): the status, what went wrong, a way back. */
  public static String error(int status, String title, String detail, PageView view) {
    PageView v = view == null ? PageView.defaults() : view;
    String main = """
        <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds-from-desktop">
        <h1 class="govuk-heading-xl">%s</h1>
        <p class="govuk-body">%s</p>
        <p class="govuk-body"><a class="govuk-link" href="/">Go to the current status</a></p>
        </div>
        </div>
        """.formatted(Html.esc(title), Html.esc(detail));
    return Layout.document(title + " (" + status + ")", v, v.logoText() != null ? v.logoText() : "Status",
      Layout.Nav.NONE, "", main);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Overall status

  private static void overall(StringBuilder m, JsonObject status, Object updated, ZoneId zone) {
    String raw = Data.str(status, "indicator");
    String indicator = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    if (!INDICATORS.containsKey(indicator)) {
      indicator = "unknown";
    }
    String words = Data.orElse(Data.str(status, "description"),
        INDICATORS.getOrDefault(indicator, "Status unknown"));
    m.append("<div class=\"sp-overall sp-overall--").append(indicator).append("\" data-indicator=\"")
        .append(indicator).append("\">\n");
    m.append(icon(indicator));
    m.append("<div class=\"sp-overall__text\">\n<p class=\"govuk-body-l sp-overall__description\">")
        .append("<span class=\"govuk-visually-hidden\">Overall status: </span>")
        .append(Html.esc(words)).append("</p>\n");
    m.append("<p class=\"govuk-body-s sp-overall__updated\">Last updated ")
        .append(updated == null ? "at an unknown time" : Dates.time(updated, zone)).append("</p>\n");
    m.append("</div>\n</div>\n");
  }

  /** A decorative icon whose shape (not only its colour) differs per indicator. */
  private static String icon(String indicator) {
    String shape;
    String glyph;
    switch (indicator) {
      case "none" -> {
        shape = "<circle cx=\"20\" cy=\"20\" r=\"18\"/>";
        glyph = "<path d=\"M11 20.5l6 6 12-13\"/>";
      }
      case "minor" -> {
        shape = "<path d=\"M20 2.5 38.5 36h-37z\"/>";
        glyph = "<path d=\"M20 13v11\"/><path d=\"M20 29v1.5\"/>";
      }
      case "major" -> {
        shape = "<path d=\"M20 1.5 38.5 20 20 38.5 1.5 20z\"/>";
        glyph = "<path d=\"M20 10v13\"/><path d=\"M20 28v1.5\"/>";
      }
      case "critical" -> {
        shape = "<path d=\"M12.5 1.5h15l11 11v15l-11 11h-15l-11-11v-15z\"/>";
        glyph = "<path d=\"M13 13l14 14M27 13 13 27\"/>";
      }
      case "maintenance" -> {
        shape = "<rect x=\"2\" y=\"2\" width=\"36\" height=\"36\" rx=\"5\"/>";
        glyph = "<circle cx=\"20\" cy=\"20\" r=\"10\"/><path d=\"M20 14v6l4 3\"/>";
      }
      default -> {
        shape = "<circle cx=\"20\" cy=\"20\" r=\"18\"/>";
        glyph = "<path d=\"M15.5 15a4.5 4.5 0 1 1 6 4.2c-1 .5-1.5 1.3-1.5 2.3v1.5\"/><path d=\"M20 28v1.5\"/>";
      }
    }
    return "<svg class=\"sp-icon\" viewBox=\"0 0 40 40\" width=\"40\" height=\"40\" aria-hidden=\"true\" "
        + "focusable=\"false\"><g class=\"sp-icon__shape\">" + shape + "</g><g class=\"sp-icon__glyph\">" + glyph
        + "</g></svg>\n";
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Components

  private static void components(StringBuilder m, List<JsonObject> all) {
    Map<String, JsonObject> groups = new LinkedHashMap<>();
    for (JsonObject c : all) {
      String id = Data.str(c, "id");
      if (Data.isTrue(c, "group") && id != null) {
        groups.put(id, c);
      }
    }
    // members of each group, in the list's display order
    Map<String, String> groupOf = new LinkedHashMap<>();
    for (JsonObject g : groups.values()) {
      for (String memberId : Data.strings(g, "components")) {
        groupOf.putIfAbsent(memberId, Data.str(g, "id"));
      }
    }
    Map<String, List<JsonObject>> members = new LinkedHashMap<>();
    List<JsonObject> top = new ArrayList<>();
    for (JsonObject c : all) {
      String id = Data.str(c, "id");
      String gid = Data.str(c, "group_id");
      if (gid == null && id != null) {
        gid = groupOf.get(id);
      }
      if (!Data.isTrue(c, "group") && gid != null && groups.containsKey(gid)) {
        members.computeIfAbsent(gid, k -> new ArrayList<>()).add(c);
      } else {
        top.add(c);
      }
    }

    StringBuilder list = new StringBuilder();
    int groupNo = 0;
    for (JsonObject c : top) {
      if (Data.isTrue(c, "group") && groups.containsKey(Data.str(c, "id"))) {
        List<JsonObject> visible = new ArrayList<>();
        Status worst = Status.of(Data.str(c, "status"));
        for (JsonObject member : members.getOrDefault(Data.str(c, "id"), List.of())) {
          Status ms = Status.of(Data.str(member, "status"));
          worst = Status.worst(worst, ms);
          if (isShown(member, ms)) {
            visible.add(member);
          }
        }
        if (!isShown(c, worst)) {
          continue;
        }
        groupNo++;
        group(list, c, worst, visible, "sp-group-" + groupNo);
      } else {
        Status st = Status.of(Data.str(c, "status"));
        if (isShown(c, st)) {
          component(list, c, st);
        }
      }
    }
    if (list.isEmpty()) {
      m.append("<p class=\"govuk-body sp-empty\">No components are listed.</p>\n");
    } else {
      m.append("<ul class=\"sp-components\">\n").append(list).append("</ul>\n");
    }
  }

  /** Components marked only_show_if_degraded stay hidden while operational. */
  private static boolean isShown(JsonObject c, Status status) {
    return !(Data.isTrue(c, "only_show_if_degraded") && status == Status.OPERATIONAL);
  }

  private static void group(StringBuilder m, JsonObject g, Status worst, List<JsonObject> visible, String headingId) {
    m.append("<li class=\"sp-group\" data-component-id=\"").append(Html.esc(Data.str(g, "id"))).append("\">\n");
    m.append("<div class=\"sp-component__row sp-group__row\">\n<div class=\"sp-component__text\">")
        .append("<h3 class=\"govuk-heading-m sp-group__name\" id=\"").append(headingId).append("\">")
        .append(Html.esc(Data.orElse(Data.str(g, "name"), "Unnamed group"))).append("</h3>");
    description(m, g);
    m.append("</div>\n").append(tag(worst)).append("</div>\n");
    if (!visible.isEmpty()) {
      m.append("<ul class=\"sp-components sp-components--members\" aria-labelledby=\"").append(headingId)
          .append("\">\n");
      for (JsonObject c : visible) {
        component(m, c, Status.of(Data.str(c, "status")));
      }
      m.append("</ul>\n");
    }
    m.append("</li>\n");
  }

  private static void component(StringBuilder m, JsonObject c, Status status) {
    m.append("<li class=\"sp-component\" data-component-id=\"").append(Html.esc(Data.str(c, "id"))).append("\">\n");
    m.append("<div class=\"sp-component__row\">\n<div class=\"sp-component__text\">")
        .append("<span class=\"govuk-body sp-component__name\">")
        .append(Html.esc(Data.orElse(Data.str(c, "name"), "Unnamed component"))).append("</span>");
    description(m, c);
    m.append("</div>\n").append(tag(status)).append("</div>\n");
    // Uptime bars (a later issue) go here, below the row: <svg role="img"> + <details> table per component.
    m.append("</li>\n");
  }

  private static void description(StringBuilder m, JsonObject c) {
    String d = Data.str(c, "description");
    if (!Data.blank(d)) {
      m.append("<p class=\"govuk-hint sp-component__description\">").append(Html.esc(d.strip())).append("</p>");
    }
  }

  static String tag(Status status) {
    return "<strong class=\"govuk-tag " + status.tagClass + " sp-tag\"><span class=\"govuk-visually-hidden\">status: "
        + "</span>" + status.words + "</strong>\n";
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Incidents and maintenance

  private static void event(StringBuilder m, JsonObject e, ZoneId zone, boolean maintenance) {
    m.append("<div class=\"sp-event").append(maintenance ? " sp-event--maintenance" : "").append("\">\n");
    m.append("<h3 class=\"govuk-heading-m sp-event__name\">")
        .append(Html.esc(Data.orElse(Data.str(e, "name"), maintenance ? "Maintenance" : "Incident")))
        .append("</h3>\n");
    m.append("<dl class=\"govuk-summary-list sp-event__details\">\n");
    String status = Data.str(e, "status");
    if (!Data.blank(status)) {
      row(m, "Status", "<strong class=\"sp-event__status\">" + Html.esc(eventStatus(status)) + "</strong>");
    }
    String impact = Data.str(e, "impact");
    if (!Data.blank(impact) && !(maintenance && "maintenance".equalsIgnoreCase(impact.strip()))) {
      String[] words = IMPACT.get(impact.strip().toLowerCase(Locale.ROOT));
      String cell = words == null
          ? Html.esc(impact)
          : "<strong class=\"govuk-tag " + words[1] + " sp-tag\">" + words[0] + "</strong>";
      row(m, "Impact", cell);
    }
    if (maintenance) {
      timeRow(m, "Starts", e.getValue("scheduled_for"), zone);
      timeRow(m, "Ends", e.getValue("scheduled_until"), zone);
    } else {
      Object started = e.getValue("started_at") != null ? e.getValue("started_at") : e.getValue("created_at");
      timeRow(m, "Started", started, zone);
      timeRow(m, "Resolved", e.getValue("resolved_at"), zone);
    }
    List<String> affected = new ArrayList<>();
    for (JsonObject c : Data.objects(e, "components")) {
      String name = Data.str(c, "name");
      if (!Data.blank(name)) {
        affected.add(Html.esc(name));
      }
    }
    if (!affected.isEmpty()) {
      row(m, "Affected", String.join(", ", affected));
    }
    JsonObject update = latest(Data.objects(e, "incident_updates"));
    if (update != null) {
      StringBuilder cell = new StringBuilder();
      String us = Data.str(update, "status");
      Object at = update.getValue("display_at") != null ? update.getValue("display_at")
          : update.getValue("created_at");
      if (!Data.blank(us) || at != null) {
        cell.append("<p class=\"govuk-body-s sp-event__update-meta\">");
        if (!Data.blank(us)) {
          cell.append("<strong>").append(Html.esc(eventStatus(us))).append("</strong>");
        }
        if (at != null) {
          cell.append(Data.blank(us) ? "" : " – ").append(Dates.time(at, zone));
        }
        cell.append("</p>");
      }
      cell.append(Html.paragraphs(Data.str(update, "body"), "govuk-body sp-event__update-body"));
      row(m, "Latest update", cell.toString());
    }
    String link = Data.str(e, "shortlink");
    if (link != null && link.matches("(?i)https?://\\S+")) {
      row(m, "Link", "<a class=\"govuk-link\" href=\"" + Html.esc(link) + "\">" + Html.esc(link) + "</a>");
    }
    m.append("</dl>\n</div>\n");
  }

  /** Newest update: by display_at/created_at when readable, else the first (Statuspage lists newest first). */
  private static JsonObject latest(List<JsonObject> updates) {
    JsonObject best = null;
    Instant bestAt = null;
    for (JsonObject u : updates) {
      Instant at = Dates.parse(u.getValue("display_at") != null ? u.getValue("display_at") : u.getValue("created_at"));
      if (best == null || (at != null && (bestAt == null || at.isAfter(bestAt)))) {
        best = u;
        bestAt = at;
      }
    }
    return best;
  }

  private static String eventStatus(String code) {
    String key = code.strip().toLowerCase(Locale.ROOT);
    String words = EVENT_STATUS.get(key);
    if (words != null) {
      return words;
    }
    String plain = code.strip().replace('_', ' ');
    return plain.isEmpty() ? plain : Character.toUpperCase(plain.charAt(0)) + plain.substring(1);
  }

  private static void timeRow(StringBuilder m, String key, Object value, ZoneId zone) {
    if (value != null && !(value instanceof String str && str.isBlank())) {
      row(m, key, Dates.time(value, zone));
    }
  }

  /** {@code valueHtml} must already be escaped. */
  private static void row(StringBuilder m, String key, String valueHtml) {
    m.append("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">").append(key)
        .append("</dt><dd class=\"govuk-summary-list__value\">").append(valueHtml).append("</dd></div>\n");
  }
}
