package io.statuspage.uptime;

import io.statuspage.uptime.UptimeRepository.DailyFigure;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A component's uptime worked out from its status history, for days nothing measured it: per day of the page's
 * time zone, the seconds it spent in each status. {@code operational} and {@code degraded_performance} count as up
 * (slow is not down), {@code major_outage} as down, {@code partial_outage} half up and half down (part of the
 * service works; Statuspage weighs it 30%, Instatus and others differently: half is the plain reading of "partial"),
 * {@code under_maintenance} as unknown, so maintenance is left out of the denominator; time before the component
 * existed, and the future, are unknown too. Pure: the times come in.
 */
final class StatusHistory {

  static final String SOURCE = "history";

  private StatusHistory() {
  }

  /** A status from {@code at} on. */
  record Change(Instant at, String status) {
  }

  /**
   * @param changes  status changes, oldest first; the first is the status the component had from its creation (or
   *                 from before {@code first}, whichever is later)
   * @param first    the first day to work out
   * @param now      the end of the last day worked out (today's figure covers today until now)
   * @return one figure per day from {@code first} to today, those with no known time left out
   */
  static List<DailyFigure> days(String componentId, List<Change> changes, ZoneId zone, LocalDate first, Instant now,
                                OffsetDateTime computedAt) {
    List<DailyFigure> out = new ArrayList<>();
    LocalDate today = now.atZone(zone).toLocalDate();
    for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
      Instant start = day.atStartOfDay(zone).toInstant();
      Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
      if (end.isAfter(now)) {
        end = now;
      }
      long up = 0;
      long down = 0;
      long unknown = Duration.between(start, day.plusDays(1).atStartOfDay(zone).toInstant()).toSeconds();
      for (int i = 0; i < changes.size(); i++) {
        Instant from = max(changes.get(i).at(), start);
        Instant to = i + 1 < changes.size() ? min(changes.get(i + 1).at(), end) : end;
        if (!to.isAfter(from)) {
          continue;
        }
        long seconds = Duration.between(from, to).toSeconds();
        switch (changes.get(i).status()) {
          case "operational", "degraded_performance" -> up += seconds;
          case "major_outage" -> down += seconds;
          case "partial_outage" -> {
            up += seconds / 2;
            down += seconds - seconds / 2;
          }
          default -> {
            continue; // under maintenance, or a status this does not know: not counted
          }
        }
        unknown -= seconds;
      }
      if (up + down == 0) {
        continue;
      }
      double uptime = 100.0 * up / (up + down);
      out.add(new DailyFigure(componentId, day, SOURCE, up, down, unknown, uptime, null, computedAt));
    }
    return out;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
