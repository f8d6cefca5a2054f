package io.statuspage.gateway.page;

import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.IncidentUpdate;
import io.statuspage.bus.messages.IncidentsPart;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The incident log: what happened, day by day for the status page and month by month for the history, in the page's
 * time zone. A realtime incident counts on the day it started; a maintenance on the day it was scheduled for, once
 * it is under way or done (an upcoming one is in the banner, not the log).
 */
public final class IncidentLog {

  /** Days the status page lists, today included. */
  public static final int DAYS = 14;
  /** Months per history page, as Statuspage. */
  public static final int MONTHS_PER_PAGE = 3;
  /** History pages pre-rendered at most: 24 pages of 3 months is six years. */
  public static final int MAX_PAGES = 24;
  public static final String HISTORY = "/history";

  /** Ids that can stand in a path as they are; the services make 12 base-36 characters. */
  private static final Pattern PATH_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** One day of the log. */
  public record Day(String heading, String date, List<LogEntry> entries) {
  }

  /** One month of the history. */
  public record Month(String heading, String id, List<LogEntry> entries) {
  }

  /**
   * One page of the history.
   *
   * @param path  where it is served: {@code /history} for the newest, else {@code /history/<newest month>}
   * @param newer the page of newer months, or {@code null}
   * @param older the page of older months, or {@code null}
   */
  public record HistoryPage(String path, List<Month> months, String newer, String older) {
  }

  private IncidentLog() {
  }

  /** The incident's page, or {@code null} when its id cannot be a path as it is. */
  public static String path(String id) {
    return id != null && PATH_ID.matcher(id).matches() ? "/incidents/" + id : null;
  }

  /** Whether {@code incident} belongs in the log (and the history and the feeds). */
  public static boolean logged(Incident incident) {
    return !IncidentsPart.maintenance(incident) || incident.getStatus() != IncidentStatus.SCHEDULED;
  }

  /** When the log places it: a maintenance's window start, an incident's start (else its creation). */
  public static OffsetDateTime placedAt(Incident incident) {
    if (IncidentsPart.maintenance(incident)) {
      return incident.getScheduledFor();
    }
    return incident.getStartedAt() != null ? incident.getStartedAt() : incident.getCreatedAt();
  }

  /** The last {@link #DAYS} days up to {@code now}'s day in {@code zone}, newest first, each newest first. */
  static List<Day> days(List<Incident> all, ZoneId zone, Instant now) {
    LocalDate today = now.atZone(zone).toLocalDate();
    LocalDate first = today.minusDays(DAYS - 1L);
    Map<LocalDate, List<LogEntry>> byDay = new TreeMap<>(Comparator.reverseOrder());
    for (LocalDate d = today; !d.isBefore(first); d = d.minusDays(1)) {
      byDay.put(d, new ArrayList<>());
    }
    for (Incident i : sorted(all)) {
      LocalDate day = placedAt(i).atZoneSameInstant(zone).toLocalDate();
      List<LogEntry> entries = byDay.get(day);
      if (entries != null) {
        entries.add(entry(i, zone, true));
      }
    }
    List<Day> days = new ArrayList<>();
    byDay.forEach((day, entries) -> days.add(new Day(Dates.day(day), day.toString(), List.copyOf(entries))));
    return days;
  }

  /**
   * The history, {@link #MONTHS_PER_PAGE} months a page from {@code now}'s month back to the oldest logged
   * incident's, at most {@link #MAX_PAGES} pages.
   */
  static List<HistoryPage> history(List<Incident> all, ZoneId zone, Instant now) {
    YearMonth newest = YearMonth.from(now.atZone(zone));
    List<Incident> logged = sorted(all);
    YearMonth oldest = logged.isEmpty() ? newest
        : YearMonth.from(placedAt(logged.get(logged.size() - 1)).atZoneSameInstant(zone));
    Map<YearMonth, List<LogEntry>> byMonth = new LinkedHashMap<>();
    for (Incident i : logged) {
      // the history lists names and times only: the updates are one click away, and 3 months of them would be
      // hundreds of kilobytes
      byMonth.computeIfAbsent(YearMonth.from(placedAt(i).atZoneSameInstant(zone)), m -> new ArrayList<>())
          .add(entry(i, zone, false));
    }
    List<HistoryPage> pages = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (int p = 0; p < MAX_PAGES; p++) {
      YearMonth start = newest.minusMonths((long) p * MONTHS_PER_PAGE);
      if (p > 0 && start.isBefore(oldest)) {
        break;
      }
      paths.add(p == 0 ? HISTORY : HISTORY + "/" + start);
    }
    for (int p = 0; p < paths.size(); p++) {
      YearMonth start = newest.minusMonths((long) p * MONTHS_PER_PAGE);
      List<Month> months = new ArrayList<>();
      for (int m = 0; m < MONTHS_PER_PAGE; m++) {
        YearMonth month = start.minusMonths(m);
        months.add(new Month(Dates.month(month), "month-" + month, List.copyOf(byMonth.getOrDefault(month,
            List.of()))));
      }
      pages.add(new HistoryPage(paths.get(p), months, p == 0 ? null : paths.get(p - 1),
          p + 1 < paths.size() ? paths.get(p + 1) : null));
    }
    return pages;
  }

  /** Logged incidents with a time to place them by, newest first. */
  static List<Incident> sorted(List<Incident> all) {
    return all.stream().filter(i -> logged(i) && placedAt(i) != null)
        .sorted(Comparator.comparing(IncidentLog::placedAt, Comparator.reverseOrder())).toList();
  }

  static LogEntry entry(Incident i, ZoneId zone, boolean withLatest) {
    List<IncidentUpdate> updates = withLatest ? EventView.updates(i) : List.of();
    return new LogEntry(EventView.name(i), path(i.getId()), EventView.impact(i.getImpact(),
        IncidentsPart.maintenance(i)), EventView.statusWords(i.getStatus()), Dates.time(placedAt(i), zone),
        updates.isEmpty() ? null : EventView.update(updates.get(0), zone));
  }
}
