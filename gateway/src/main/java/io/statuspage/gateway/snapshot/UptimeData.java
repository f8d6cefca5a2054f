package io.statuspage.gateway.snapshot;

import io.statuspage.api.model.Incident;
import io.statuspage.api.model.PageSummary;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.api.model.UptimeComponent;
import io.statuspage.api.model.UptimeDay;
import io.statuspage.api.model.UptimeResponse;
import io.statuspage.bus.messages.UptimePart;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code /api/v2/uptime.json} and what the page's graphs draw: the collector's {@link UptimePart} laid
 * over the last {@link #DAYS} days of the page's time zone, each component named and in display order, each day with
 * the incidents and maintenances that touched the component then.
 */
public final class UptimeData {

  public static final int DAYS = 90;

  private UptimeData() {
  }

  /**
   * @param components the summary's, in display order (groups have no graphs)
   * @param all        every incident and maintenance
   * @param now        the end of today
   */
  public static UptimeResponse of(PageSummary page, List<PublicComponent> components, UptimePart part,
                                  List<Incident> all, ZoneId zone, Instant now) {
    LocalDate today = now.atZone(zone).toLocalDate();
    LocalDate first = today.minusDays(DAYS - 1);
    Map<String, UptimeComponent> byId = new HashMap<>();
    part.components().forEach(c -> byId.put(c.getId(), c));
    List<UptimeComponent> out = new ArrayList<>();
    for (PublicComponent c : components) {
      UptimeComponent data = byId.get(c.getId());
      if (Boolean.TRUE.equals(c.getGroup()) || data == null) {
        continue;
      }
      Map<String, UptimeDay> figures = new HashMap<>();
      data.getDays().forEach(d -> figures.put(d.getDate(), d));
      List<UptimeDay> days = new ArrayList<>(DAYS);
      BigDecimal sum = BigDecimal.ZERO;
      int counted = 0;
      for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
        UptimeDay figure = figures.get(day.toString());
        UptimeDay shown = new UptimeDay().date(day.toString()).incidents(incidents(all, c.getId(), day, zone, now));
        if (figure != null) {
          shown.uptimePercent(figure.getUptimePercent()).avgResponseMs(figure.getAvgResponseMs())
            .source(figure.getSource()).fetchedAt(figure.getFetchedAt());
          if (figure.getUptimePercent() != null) {
            sum = sum.add(figure.getUptimePercent());
            counted++;
          }
        }
        days.add(shown);
      }
      // Pingdom's own total when a check feeds the component (the collector sends it), else the days' mean.
      BigDecimal total = data.getUptimePercent() != null ? data.getUptimePercent()
        : counted == 0 ? null : sum.divide(BigDecimal.valueOf(counted), 2, RoundingMode.HALF_UP);
      out.add(new UptimeComponent().id(c.getId()).name(c.getName()).days(days)
        .uptimePercent(total)
        .responseTimes(data.getResponseTimes()));
    }
    return new UptimeResponse().page(page).components(out).metrics(new ArrayList<>(part.metrics()));
  }

  /** Ids of the incidents and maintenances that affected {@code componentId} on {@code day}, oldest first. */
  private static List<String> incidents(List<Incident> all, String componentId, LocalDate day, ZoneId zone,
                                        Instant now) {
    Instant dayStart = day.atStartOfDay(zone).toInstant();
    Instant dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant();
    List<String> ids = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      Incident incident = all.get(i);
      if (incident.getComponents() == null || incident.getComponents().stream()
        .noneMatch(c -> componentId.equals(c.getId()))) {
        continue;
      }
      Instant from = first(incident.getStartedAt(), incident.getScheduledFor(), incident.getCreatedAt());
      Instant to = first(incident.getResolvedAt(), incident.getScheduledUntil(), null);
      if (from == null) {
        continue;
      }
      if (to == null) {
        to = now;
      }
      if (from.isBefore(dayEnd) && !to.isBefore(dayStart)) {
        ids.add(incident.getId());
      }
    }
    return ids;
  }

  private static Instant first(OffsetDateTime a, OffsetDateTime b, OffsetDateTime c) {
    OffsetDateTime at = a != null ? a : b != null ? b : c;
    return at == null ? null : at.toInstant();
  }
}
