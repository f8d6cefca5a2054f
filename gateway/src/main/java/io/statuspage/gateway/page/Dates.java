package io.statuspage.gateway.page;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Locale;

/** Times in GOV.UK style ("18 November 2026 14:00 UTC") in the page's zone, wrapped in {@code <time>}. */
final class Dates {

  static final ZoneId UTC = ZoneId.of("UTC");
  private static final DateTimeFormatter GOVUK = DateTimeFormatter.ofPattern("d MMMM yyyy HH:mm zzz", Locale.UK);

  private Dates() {
  }

  /** The configured zone, else the page's {@code time_zone}, else UTC. */
  static ZoneId zone(ZoneId configured, String pageTimeZone) {
    if (configured != null) {
      return configured;
    }
    if (pageTimeZone != null && !pageTimeZone.isBlank()) {
      try {
        return ZoneId.of(pageTimeZone.strip());
      } catch (DateTimeException e) {
        // unknown zone name: fall through to UTC
      }
    }
    return UTC;
  }

  /** An ISO-8601 timestamp (with offset or Z), an {@link Instant} or a {@link Date}; {@code null} when unreadable. */
  static Instant parse(Object value) {
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof Date d) {
      return d.toInstant();
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof ZonedDateTime z) {
      return z.toInstant();
    }
    if (value instanceof CharSequence cs) {
      String s = cs.toString().strip();
      if (s.isEmpty()) {
        return null;
      }
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        try {
          return Instant.parse(s);
        } catch (DateTimeParseException e2) {
          return null;
        }
      }
    }
    return null;
  }

  static String format(Instant instant, ZoneId zone) {
    return GOVUK.format(instant.atZone(zone));
  }

  /** {@code <time datetime="…">18 November 2026 14:00 UTC</time>}, or the raw value escaped when it is not a time. */
  static String time(Object value, ZoneId zone) {
    Instant instant = parse(value);
    if (instant == null) {
      return Html.esc(value);
    }
    return "<time datetime=\"" + Html.esc(instant.toString()) + "\">" + Html.esc(format(instant, zone)) + "</time>";
  }
}
