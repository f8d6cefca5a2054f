package io.statuspage.gateway.page;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An incident or a scheduled maintenance as the page shows it ({@code parts/event.jte}). The contract does not type
 * them yet, so this is read from the summary's untyped objects: a missing or mistyped field is left out.
 *
 * @param name        its name
 * @param maintenance whether it is a scheduled maintenance
 * @param status      its status in words, or {@code null}
 * @param impact      its impact, or {@code null}
 * @param times       start and end (or resolution), those known
 * @param affected    names of the affected components
 * @param latest      the newest update, or {@code null}
 * @param link        an http(s) link to more, or {@code null}
 */
public record EventView(String name, boolean maintenance, String status, Impact impact, List<When> times,
                        List<String> affected, Update latest, String link) {

  /** A labelled time: "Starts", "Ends", "Started", "Resolved". */
  public record When(String label, TimeView time) {
  }

  /** Impact in words, and its tag colour ({@code null}: an impact the page does not know, shown as plain text). */
  public record Impact(String words, String tagColour) {
  }

  /**
   * An update: its status in words (or {@code null}), when (or {@code null}), and its body as paragraphs of lines.
   */
  public record Update(String status, TimeView at, List<List<String>> paragraphs) {
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

  private static final Map<String, Impact> IMPACTS = Map.of(
      "none", new Impact("No impact", "govuk-tag--grey"),
      "minor", new Impact("Minor", "govuk-tag--yellow"),
      "major", new Impact("Major", "govuk-tag--orange"),
      "critical", new Impact("Critical", "govuk-tag--red"),
      "maintenance", new Impact("Maintenance", "govuk-tag--blue"));

  /** Statuspage bodies carry {@code <br>} tags for line breaks. */
  private static final Pattern BR = Pattern.compile("(?i)<br\\s*/?>");
  private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://\\S+");

  public EventView {
    times = List.copyOf(times);
    affected = List.copyOf(affected);
  }

  /** Reads one event; {@code event} is a JSON object as a map. */
  static EventView of(Map<?, ?> event, ZoneId zone, boolean maintenance) {
    String name = orElse(str(event, "name"), maintenance ? "Maintenance" : "Incident");
    String status = blank(str(event, "status")) ? null : statusWords(str(event, "status"));
    Impact impact = impact(str(event, "impact"), maintenance);
    List<When> times = new ArrayList<>();
    if (maintenance) {
      when(times, "Starts", event.get("scheduled_for"), zone);
      when(times, "Ends", event.get("scheduled_until"), zone);
    } else {
      when(times, "Started", event.get("started_at") != null ? event.get("started_at") : event.get("created_at"),
          zone);
      when(times, "Resolved", event.get("resolved_at"), zone);
    }
    List<String> affected = new ArrayList<>();
    for (Map<?, ?> component : maps(event.get("components"))) {
      String componentName = str(component, "name");
      if (!blank(componentName)) {
        affected.add(componentName);
      }
    }
    String link = str(event, "shortlink");
    return new EventView(name, maintenance, status, impact, times, affected,
        update(latest(maps(event.get("incident_updates"))), zone),
        link != null && HTTP_URL.matcher(link).matches() ? link : null);
  }

  private static Impact impact(String raw, boolean maintenance) {
    if (blank(raw) || maintenance && "maintenance".equalsIgnoreCase(raw.strip())) {
      return null;
    }
    Impact known = IMPACTS.get(raw.strip().toLowerCase(Locale.ROOT));
    return known != null ? known : new Impact(raw, null);
  }

  private static void when(List<When> times, String label, Object value, ZoneId zone) {
    TimeView time = Dates.time(value, zone);
    if (time != null) {
      times.add(new When(label, time));
    }
  }

  /** Newest update: by display_at/created_at when readable, else the first (Statuspage lists newest first). */
  private static Map<?, ?> latest(List<Map<?, ?>> updates) {
    Map<?, ?> best = null;
    Instant bestAt = null;
    for (Map<?, ?> u : updates) {
      Instant at = Dates.parse(shownAt(u));
      if (best == null || at != null && (bestAt == null || at.isAfter(bestAt))) {
        best = u;
        bestAt = at;
      }
    }
    return best;
  }

  private static Object shownAt(Map<?, ?> update) {
    return update.get("display_at") != null ? update.get("display_at") : update.get("created_at");
  }

  private static Update update(Map<?, ?> u, ZoneId zone) {
    if (u == null) {
      return null;
    }
    String status = str(u, "status");
    return new Update(blank(status) ? null : statusWords(status), Dates.time(shownAt(u), zone),
        paragraphs(str(u, "body")));
  }

  /** Blank lines separate paragraphs; line breaks (and {@code <br>}) within one are kept. */
  static List<List<String>> paragraphs(String text) {
    if (blank(text)) {
      return List.of();
    }
    String normalised = BR.matcher(text.replace("\r\n", "\n").replace('\r', '\n')).replaceAll("\n");
    List<List<String>> out = new ArrayList<>();
    for (String para : normalised.strip().split("\n\\s*\n")) {
      if (!para.isBlank()) {
        out.add(para.strip().lines().map(String::strip).toList());
      }
    }
    return List.copyOf(out);
  }

  private static String statusWords(String code) {
    String words = EVENT_STATUS.get(code.strip().toLowerCase(Locale.ROOT));
    if (words != null) {
      return words;
    }
    String plain = code.strip().replace('_', ' ');
    return plain.isEmpty() ? plain : Character.toUpperCase(plain.charAt(0)) + plain.substring(1);
  }

  // Lenient reads of the untyped parts: wrong types and missing keys give null or empty.

  private static String str(Map<?, ?> o, String key) {
    Object v = o.get(key);
    return v == null || v instanceof Map || v instanceof List || v instanceof JsonObject || v instanceof JsonArray
        ? null : v.toString();
  }

  private static List<Map<?, ?>> maps(Object value) {
    List<?> items = value instanceof JsonArray a ? a.getList() : value instanceof List<?> l ? l : List.of();
    List<Map<?, ?>> out = new ArrayList<>();
    for (Object item : items) {
      if (item instanceof JsonObject o) {
        out.add(o.getMap());
      } else if (item instanceof Map<?, ?> m) {
        out.add(m);
      }
    }
    return out;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String orElse(String s, String fallback) {
    return blank(s) ? fallback : s;
  }
}
