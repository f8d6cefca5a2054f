package io.statuspage.gateway.page;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Locale;

/** Times in GOV.UK style ("18 November 2026 14:00 UTC") in the page's zone. */
final class Dates {

  static final ZoneId UTC = ZoneId.of("UTC");
  private static final DateTimeFormatter GOVUK = DateTimeFormatter.ofPattern("d MMMM yyyy HH:mm zzz", Locale.UK);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.UK);

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

  /** An ISO-8601 timestamp (with offset or Z), or a java.time or {@link Date} value; {@code null} when unreadable. */
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

  /** A day as a heading: "18 November 2026". */
  static String day(LocalDate day) {
    return DAY.format(day);
  }

  /** A month as a heading: "November 2026". */
  static String month(YearMonth month) {
    return MONTH.format(month);
  }

  /** A time to show, or {@code null} for no value; an unreadable value is shown as it is, without a machine form. */
  static TimeView time(Object value, ZoneId zone) {
    if (value == null || value instanceof CharSequence cs && cs.toString().isBlank()) {
      return null;
    }
    Instant instant = parse(value);
    if (instant == null) {
      return new TimeView(null, value.toString());
    }
    return new TimeView(instant.toString(), GOVUK.format(instant.atZone(zone)));
  }
}
