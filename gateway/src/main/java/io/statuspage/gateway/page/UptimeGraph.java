package io.statuspage.gateway.page;

import io.statuspage.api.model.Incident;
import io.statuspage.api.model.MetricDataPoint;
import io.statuspage.api.model.ResponseTimes;
import io.statuspage.api.model.UptimeComponent;
import io.statuspage.api.model.UptimeDay;
import io.statuspage.api.model.UptimeMetric;
import io.statuspage.bus.messages.IncidentsPart;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One component's graphs ({@code parts/uptime.jte}): 90 daily bars and the response-time charts, each with its text.
 * The bars are days at a 5-unit pitch in a 448 × 34 box, alike days in a row drawn as one dashed path with one
 * {@code <title>} ("2 Sep to 9 Sep: 100%"), which keeps 20 components' page under 150 KB; their look comes from
 * classes in the stylesheet (height and colour: colour is never the only cue). The SVG is named by its summary, and
 * the days that were not fully up, or had incidents, are listed in a table. Charts are one path each, in integer
 * coordinates.
 *
 * @param key      a short unique key for element ids ({@code u3})
 * @param name     the component's (or metric's) name
 * @param summary  the bars' accessible name: uptime over 90 days and how many days had problems
 * @param uptime   "99.91% uptime", or "No uptime figures"
 * @param bars     oldest first
 * @param updated  where the figures come from and when they were last updated, or null
 * @param problems days below 100% or with incidents, newest first
 * @param charts   24 hours, 7 days, 30 days; those without points are left out
 */
public record UptimeGraph(String key, String name, String summary, String uptime, List<Bar> bars, String updated,
                          List<Problem> problems, List<Chart> charts) {

  public static final int PITCH = 5;
  private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("d MMM", Locale.UK);
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.UK);
  private static final int CHART_W = 300;
  private static final int CHART_H = 60;

  /**
   * Days alike in a row: one path along their middle, its stroke as tall as their bars and dashed 3 on, 2 off, so
   * each day is its own bar. {@code cls}: {@code null} fully up (full height); {@code d} below 100%; {@code x} below
   * 99%; {@code n} no figure (a low grey line); the stylesheet gives each its height and colour.
   */
  public record Bar(String d, String cls, String title) {
  }

  /** A run being gathered. */
  private static final class Run {
    final int first;
    final LocalDate from;
    final String cls;
    final String figure;
    int last;
    LocalDate to;

    Run(int first, LocalDate from, String cls, String figure) {
      this.first = first;
      this.last = first;
      this.from = from;
      this.to = from;
      this.cls = cls;
      this.figure = figure;
    }

    Bar bar() {
      // The middle of the bar's height in the 34-unit box: full 0-34, d 8-34, x 16-34, n 30-34.
      int y = cls == null ? 17 : switch (cls) {
        case "d" -> 21;
        case "x" -> 25;
        default -> 32;
      };
      String d = "M" + first * PITCH + " " + y + "h" + ((last - first) * PITCH + 3);
      String when = from.equals(to) ? SHORT.format(from) : SHORT.format(from) + " to " + SHORT.format(to);
      return new Bar(d, cls, when + ": " + figure);
    }
  }

  /** A day in the table. */
  public record Problem(String date, String uptime, String source, List<Link> incidents) {
  }

  public record Link(String text, String href) {
  }

  /**
   * A chart: its range name, the path, and its text (title and visible caption say the same).
   *
   * @param unit {@code ms} for response times, empty for a custom metric
   */
  public record Chart(String id, String label, String path, String text) {

    public String viewBox() {
      return "0 0 " + CHART_W + " " + CHART_H;
    }
  }

  /** The bars and charts of a component with figures. */
  static UptimeGraph of(String key, UptimeComponent c, Map<String, Incident> incidents, ZoneId zone) {
    String name = c.getName() == null ? "Component" : c.getName();
    List<Bar> bars = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    Set<String> sources = new LinkedHashSet<>();
    OffsetDateTime latest = null;
    int below = 0;
    int withIncidents = 0;
    int missing = 0;
    List<UptimeDay> days = c.getDays();
    Run run = null;
    for (int i = 0; i < days.size(); i++) {
      UptimeDay d = days.get(i);
      LocalDate date = LocalDate.parse(d.getDate());
      BigDecimal uptime = d.getUptimePercent();
      String cls = uptime == null ? "n" : uptime.compareTo(BigDecimal.valueOf(99)) < 0 ? "x"
        : uptime.compareTo(BigDecimal.valueOf(100)) < 0 ? "d" : null;
      List<Link> links = new ArrayList<>();
      for (String id : d.getIncidents()) {
        Incident incident = incidents.get(id);
        if (incident != null) {
          links.add(new Link(incident.getName() == null ? "Incident" : incident.getName(), IncidentLog.path(id)));
        }
      }
      String figure = uptime == null ? "no data" : percent(uptime);
      long maintenances = d.getIncidents().stream().map(incidents::get)
        .filter(x -> x != null && IncidentsPart.maintenance(x)).count();
      long realtime = links.size() - maintenances;
      if (realtime > 0) {
        figure += realtime == 1 ? ", 1 incident" : ", " + realtime + " incidents";
      }
      if (maintenances > 0) {
        figure += ", maintenance";
      }
      // Days alike in a row are one run: one element, one title, drawn as dashes (one a day).
      if (run != null && run.last == i - 1 && java.util.Objects.equals(run.cls, cls) && run.figure.equals(figure)) {
        run.last = i;
        run.to = date;
      } else {
        if (run != null) {
          bars.add(run.bar());
        }
        run = new Run(i, date, cls, figure);
      }
      if (uptime == null) {
        missing++;
      } else {
        sources.add(d.getSource());
        if (d.getFetchedAt() != null && (latest == null || d.getFetchedAt().isAfter(latest))) {
          latest = d.getFetchedAt();
        }
      }
      if (cls != null && uptime != null) {
        below++;
      }
      if (!links.isEmpty()) {
        withIncidents++;
      }
      if ((cls != null && uptime != null) || !links.isEmpty()) {
        problems.add(0, new Problem(Dates.day(date), uptime == null ? "No data" : percent(uptime),
          source(d.getSource()), links));
      }
    }
    if (run != null) {
      bars.add(run.bar());
    }
    String uptime = c.getUptimePercent() == null ? "No uptime figures" : percent(c.getUptimePercent()) + " uptime";
    StringBuilder summary = new StringBuilder(name).append(": ").append(uptime).append(" over the last ")
      .append(days.size()).append(" days. ");
    summary.append(below == 0 ? "No day below 100%" : below == 1 ? "1 day below 100%" : below + " days below 100%");
    if (withIncidents > 0) {
      summary.append(withIncidents == 1 ? "; 1 day with incidents or maintenance"
        : "; " + withIncidents + " days with incidents or maintenance");
    }
    if (missing > 0) {
      summary.append(missing == 1 ? "; 1 day without data" : "; " + missing + " days without data");
    }
    summary.append('.');
    String updated = latest == null ? null : "From " + String.join(" and ", sources.stream().map(UptimeGraph::source)
      .toList()) + ", updated " + Dates.time(latest, zone).text() + ".";
    return new UptimeGraph(key, name, summary.toString(), uptime, bars, updated, problems,
      charts(key, "Response time", c.getResponseTimes(), "ms", zone));
  }

  /** A custom metric: its charts only. */
  static UptimeGraph metric(String key, UptimeMetric m, ZoneId zone) {
    return new UptimeGraph(key, m.getName(), null, null, List.of(), null, List.of(),
      charts(key, m.getName(), m.getSeries(), "", zone));
  }

  public boolean hasBars() {
    return !bars.isEmpty();
  }

  private static List<Chart> charts(String key, String what, ResponseTimes times, String unit, ZoneId zone) {
    List<Chart> charts = new ArrayList<>();
    if (times == null) {
      return charts;
    }
    chart(charts, key + "-24h", "Last 24 hours", "hourly averages", what, times.getLast24Hours(), unit, zone);
    chart(charts, key + "-7d", "Last 7 days", "4-hour averages", what, times.getLast7Days(), unit, zone);
    chart(charts, key + "-30d", "Last 30 days", "daily averages", what, times.getLast30Days(), unit, zone);
    return charts;
  }

  private static void chart(List<Chart> charts, String id, String label, String kind, String what,
                            List<MetricDataPoint> points, String unit, ZoneId zone) {
    if (points == null || points.isEmpty()) {
      return;
    }
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    double sum = 0;
    MetricDataPoint highest = points.get(0);
    for (MetricDataPoint p : points) {
      double v = p.getValue().doubleValue();
      min = Math.min(min, v);
      if (v > max) {
        max = v;
        highest = p;
      }
      sum += v;
    }
    long t0 = points.get(0).getTimestamp();
    long span = Math.max(1, points.get(points.size() - 1).getTimestamp() - t0);
    double floor = Math.min(0, min);
    double range = Math.max(1e-9, max - floor);
    StringBuilder d = new StringBuilder();
    for (MetricDataPoint p : points) {
      long x = points.size() == 1 ? CHART_W / 2 : Math.round((p.getTimestamp() - t0) * (double) CHART_W / span);
      long y = Math.round(CHART_H - 2 - (p.getValue().doubleValue() - floor) * (CHART_H - 4) / range);
      // After M, further pairs are line-tos: no letter needed.
      d.append(d.length() == 0 ? "M" : " ").append(x).append(' ').append(y);
    }
    if (points.size() == 1) {
      d.append("h1");
    }
    String u = unit.isEmpty() ? "" : " " + unit;
    String text = label + ", " + kind + " of " + what.toLowerCase(Locale.ROOT) + ": average " + number(sum / points.size())
      + u + ", lowest " + number(min) + u + ", highest " + number(max) + u + " ("
      + HOUR.format(java.time.Instant.ofEpochSecond(highest.getTimestamp()).atZone(zone)) + ").";
    charts.add(new Chart(id, label, d.toString(), text));
  }

  private static String number(double v) {
    return Math.abs(v) >= 100 || v == Math.rint(v) ? String.valueOf(Math.round(v))
      : BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }

  static String percent(BigDecimal p) {
    return p.stripTrailingZeros().toPlainString() + "%";
  }

  private static String source(String source) {
    if (source == null) {
      return "";
    }
    return switch (source) {
      case "pingdom" -> "Pingdom";
      case "probe" -> "our probes";
      case "history" -> "status history";
      default -> source;
    };
  }
}
