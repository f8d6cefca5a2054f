package io.statuspage.gateway.feed;

import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.IncidentUpdate;
import io.statuspage.api.model.PageSummary;
import io.statuspage.api.model.PublicComponent;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Scheduled maintenance as an iCalendar feed ({@code /maintenance.ics}, RFC 5545) people can subscribe to: one
 * VEVENT per maintenance with its window in UTC. A maintenance completed before its window began is CANCELLED; one
 * completed early ends when it was completed. Text is escaped (backslash, semicolon, comma, line breaks), control
 * characters dropped, lines folded at 75 octets and ended with CRLF. Pure: no I/O.
 */
public final class ICalendar {

  public static final String TYPE = "text/calendar; charset=utf-8";

  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  /** Control characters other than the line breaks escaping turns into {@code \n}. */
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");
  private static final int OCTETS = 75;

  private ICalendar() {
  }

  /** @param all every incident and maintenance of the page; the maintenances are taken from it */
  public static String maintenance(PageSummary page, List<Incident> all) {
    StringBuilder out = new StringBuilder(8192);
    line(out, "BEGIN:VCALENDAR");
    line(out, "VERSION:2.0");
    line(out, "PRODID:-//statuspage//Scheduled maintenance//EN");
    line(out, "CALSCALE:GREGORIAN");
    line(out, "METHOD:PUBLISH");
    String pageName = page == null || page.getName() == null || page.getName().isBlank() ? "Service" : page.getName();
    line(out, "X-WR-CALNAME:" + text(pageName + " scheduled maintenance"));
    for (Incident m : FeedItems.maintenances(all)) {
      event(out, page, m);
    }
    line(out, "END:VCALENDAR");
    return out.toString();
  }

  private static void event(StringBuilder out, PageSummary page, Incident m) {
    OffsetDateTime start = m.getScheduledFor();
    OffsetDateTime end = m.getScheduledUntil() != null && m.getScheduledUntil().isAfter(start)
        ? m.getScheduledUntil() : start.plusHours(1);
    boolean cancelled = false;
    if (m.getStatus() == IncidentStatus.COMPLETED && m.getResolvedAt() != null) {
      if (!m.getResolvedAt().isAfter(start)) {
        cancelled = true;
      } else if (m.getResolvedAt().isBefore(end)) {
        end = m.getResolvedAt();
      }
    }
    line(out, "BEGIN:VEVENT");
    line(out, "UID:" + text(FeedItems.encoded(m.getId()) + "@" + FeedItems.host(page)));
    OffsetDateTime stamp = m.getUpdatedAt() != null ? m.getUpdatedAt() : m.getCreatedAt() != null ? m.getCreatedAt()
        : start;
    line(out, "DTSTAMP:" + utc(stamp));
    line(out, "DTSTART:" + utc(start));
    line(out, "DTEND:" + utc(end));
    line(out, "SUMMARY:" + text(FeedItems.name(m)));
    line(out, "DESCRIPTION:" + text(description(m)));
    line(out, "URL:" + FeedItems.link(page, m));
    line(out, "STATUS:" + (cancelled ? "CANCELLED" : "CONFIRMED"));
    line(out, "END:VEVENT");
  }

  /** The status, what it affects and the newest update's text, as plain text. */
  private static String description(Incident m) {
    StringBuilder d = new StringBuilder(FeedItems.status(m.getStatus()));
    List<PublicComponent> components = m.getComponents() == null ? List.of() : m.getComponents();
    if (!components.isEmpty()) {
      d.append("\nAffects: ").append(String.join(", ", components.stream().map(PublicComponent::getName)
          .filter(n -> n != null && !n.isBlank()).toList()));
    }
    List<IncidentUpdate> updates = m.getIncidentUpdates() == null ? List.of() : m.getIncidentUpdates();
    if (!updates.isEmpty() && updates.get(0).getBody() != null && !updates.get(0).getBody().isBlank()) {
      d.append("\n\n").append(updates.get(0).getBody().strip());
    }
    return d.toString();
  }

  private static String utc(OffsetDateTime at) {
    return UTC.format(at.withOffsetSameInstant(ZoneOffset.UTC));
  }

  /** RFC 5545 §3.3.11 TEXT: backslash, semicolon and comma escaped, line breaks as {@code \n}, no control chars. */
  static String text(String value) {
    String s = CONTROL.matcher(value == null ? "" : value).replaceAll("");
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case ';' -> out.append("\\;");
        case ',' -> out.append("\\,");
        case '\r' -> {
          out.append("\\n");
          if (i + 1 < s.length() && s.charAt(i + 1) == '\n') {
            i++;
          }
        }
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * One content line, folded (RFC 5545 §3.1): no line longer than 75 octets of UTF-8, a multi-octet character never
   * split, each continuation starting with a space; CRLF after each.
   */
  static void line(StringBuilder out, String content) {
    int octets = 0;
    for (int i = 0; i < content.length(); ) {
      int cp = content.codePointAt(i);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (octets + size > OCTETS) {
        out.append("\r\n ");
        octets = 1;
      }
      out.appendCodePoint(cp);
      octets += size;
      i += Character.charCount(cp);
    }
    out.append("\r\n");
  }
}
