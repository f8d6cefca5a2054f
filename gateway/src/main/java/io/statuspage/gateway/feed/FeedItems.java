package io.statuspage.gateway.feed;

import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.IncidentUpdate;
import io.statuspage.api.model.PageSummary;
import io.statuspage.bus.messages.IncidentsPart;
import io.statuspage.gateway.page.IncidentLog;
import io.statuspage.gateway.page.FeedEntry;
import io.statuspage.gateway.page.Markdown;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the feeds share: the page's address, each incident's link, and an item's HTML as Statuspage writes it (one
 * paragraph per update, newest first; a maintenance starts with its window). Update bodies go through
 * {@link Markdown}, so the HTML a feed reader shows is as safe as the page.
 */
final class FeedItems {

  /** Items in a feed: Statuspage's feeds and lists show the 50 most recent. */
  static final int LIMIT = 50;

  /** Characters XML 1.0 cannot carry at all, not even escaped: dropped from every text written. */
  private static final Pattern NOT_XML = Pattern.compile("[^\\x09\\x0A\\x0D\\x20-\\uD7FF\\uE000-\\uFFFD"
      + "\\x{10000}-\\x{10FFFF}]");
  private static final Pattern BR = Pattern.compile("(?i)<br\\s*/?>\\n?");
  private static final DateTimeFormatter UPDATE_TIME = DateTimeFormatter.ofPattern("MMM d, HH:mm zzz", Locale.ENGLISH);

  private FeedItems() {
  }

  /** The page's public address without a trailing slash, or the empty string when it has none. */
  static String base(PageSummary page) {
    String url = page == null || page.getUrl() == null ? "" : page.getUrl().strip();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The host of the page's address, for tag URIs and UIDs; "statuspage" when it has none. */
  static String host(PageSummary page) {
    try {
      String host = URI.create(base(page)).getHost();
      return host == null ? "statuspage" : host;
    } catch (IllegalArgumentException e) {
      return "statuspage";
    }
  }

  /** The incident's page, the link the page itself uses ({@link IncidentLog#path}), made absolute. */
  static String link(PageSummary page, Incident incident) {
    String path = IncidentLog.path(incident.getId());
    return base(page) + (path != null ? path : "/incidents/" + encoded(incident.getId()));
  }

  static String encoded(String id) {
    return URLEncoder.encode(id == null ? "" : id, StandardCharsets.UTF_8);
  }

  /** The most recent incidents and maintenances, newest first by creation (the part's order). */
  static List<Incident> recent(List<Incident> all) {
    return all.stream().limit(LIMIT).toList();
  }

  /** The most recent maintenances, latest window first, as {@code scheduled-maintenances.json} lists them. */
  static List<Incident> maintenances(List<Incident> all) {
    return all.stream().filter(IncidentsPart::maintenance)
        .sorted(Comparator.comparing(Incident::getScheduledFor, Comparator.reverseOrder())).limit(LIMIT).toList();
  }

  /** {@code text} without what XML 1.0 cannot carry; {@code null} gives the empty string. */
  static String xml(String text) {
    return text == null ? "" : NOT_XML.matcher(text).replaceAll("");
  }

  static String name(Incident incident) {
    return incident.getName() == null || incident.getName().isBlank() ? "Incident" : incident.getName();
  }

  /** An item's HTML: the window of a maintenance, then each update's time, status and body (Markdown, made safe). */
  static String html(Incident incident, ZoneId zone) {
    String window = null;
    if (IncidentsPart.maintenance(incident)) {
      window = time(incident.getScheduledFor(), zone)
        + (incident.getScheduledUntil() != null ? " - " + time(incident.getScheduledUntil(), zone) : "");
    }
    List<FeedEntry.Update> updates = new ArrayList<>();
    for (IncidentUpdate u : incident.getIncidentUpdates() == null ? List.<IncidentUpdate>of()
        : incident.getIncidentUpdates()) {
      OffsetDateTime at = u.getDisplayAt() != null ? u.getDisplayAt() : u.getCreatedAt();
      updates.add(new FeedEntry.Update(at == null ? null : time(at, zone), status(u.getStatus()),
          u.getBody() == null ? null : BR.matcher(u.getBody()).replaceAll("  \n")));
    }
    return new FeedEntry(window, updates).html();
  }

  /** A status as Statuspage's feeds name it: "Investigating", "In progress". */
  static String status(IncidentStatus status) {
    if (status == null) {
      return "Update";
    }
    String words = status.getValue().replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** "Nov 18, 14:05 UTC": digits, month names and zone names only, nothing that needs escaping. */
  private static String time(OffsetDateTime at, ZoneId zone) {
    return at == null ? "" : UPDATE_TIME.format(at.atZoneSameInstant(zone));
  }
}
