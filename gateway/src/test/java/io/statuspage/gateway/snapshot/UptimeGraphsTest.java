package io.statuspage.gateway.snapshot;

import io.statuspage.gateway.page.PageView;
import io.statuspage.gateway.page.UptimeSamples;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The uptime part through the builder: {@code uptime.json}, and the page's bars and charts with their text. */
class UptimeGraphsTest {

  static final Instant NOW = Instant.parse("2026-11-18T14:00:00Z");
  static final LocalDate TODAY = LocalDate.of(2026, 11, 18);
  private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("d MMM", Locale.UK);
  private final SnapshotBuilder builder = new SnapshotBuilder(PageView.defaults());

  /** {@code n} operational components named "Service i", the page in UTC, and the incident given. */
  static Map<String, JsonObject> parts(int n, JsonObject uptime, JsonArray incidents) {
    JsonArray components = new JsonArray();
    for (int c = 0; c < n; c++) {
      components.add(new JsonObject().put("id", UptimeSamples.id(c)).put("name", "Service " + c)
        .put("status", "operational").put("created_at", "2026-01-01T00:00:00.000Z")
        .put("updated_at", "2026-11-18T13:00:00.000Z").put("position", c + 1).putNull("description")
        .put("showcase", true).putNull("start_date").putNull("group_id").put("page_id", "page00000001")
        .put("group", false).put("only_show_if_degraded", false));
    }
    Map<String, JsonObject> parts = new LinkedHashMap<>();
    parts.put("components", new JsonObject()
      .put("page", new JsonObject().put("id", "page00000001").put("name", "Acme").put("url", "https://acme.test")
        .put("time_zone", "Etc/UTC").put("updated_at", "2026-11-18T13:00:00.000Z"))
      .put("components", components)
      .put("status", new JsonObject().put("indicator", "none").put("description", "All Systems Operational")));
    parts.put("incidents", new JsonObject().put("incidents", incidents));
    if (uptime != null) {
      parts.put("uptime", uptime);
    }
    return parts;
  }

  /** Resolved yesterday, it touched the first component. */
  static JsonObject incident() {
    return new JsonObject(SnapshotBuilderTest.INCIDENT.replace("\"c1\"", "\"" + UptimeSamples.id(0) + "\""))
      .put("status", "resolved").put("name", "Slow <API>")
      .put("created_at", "2026-11-17T10:00:00.000Z").put("started_at", "2026-11-17T10:00:00.000Z")
      .put("resolved_at", "2026-11-17T11:00:00.000Z");
  }

  @Test
  void uptimeJsonHasNinetyDaysPerComponentInThePagesZoneWithTheirIncidents() {
    Snapshot snapshot = builder.build(parts(2, UptimeSamples.partJson(2, TODAY, NOW),
      new JsonArray().add(incident())), NOW, false);
    Snapshot.Resource resource = snapshot.get(SnapshotBuilder.UPTIME);
    assertEquals("application/json; charset=utf-8", resource.contentType());
    JsonObject body = new JsonObject(resource.body());
    assertEquals(List.of("page", "components", "metrics"), List.copyOf(body.fieldNames()));
    JsonArray components = body.getJsonArray("components");
    assertEquals(2, components.size());
    JsonObject first = components.getJsonObject(0);
    assertEquals(List.of("id", "name", "uptime_percent", "days", "response_times"), List.copyOf(first.fieldNames()));
    assertEquals("Service 0", first.getString("name"));
    JsonArray days = first.getJsonArray("days");
    assertEquals(90, days.size());
    assertEquals(TODAY.minusDays(89).toString(), days.getJsonObject(0).getString("date"));
    assertEquals(TODAY.toString(), days.getJsonObject(89).getString("date"));
    // Sample dates j = 0..91 end today: the window's day i is j = i + 2; the first component lacks j < 12.
    JsonObject missing = days.getJsonObject(0);
    assertEquals(List.of("date", "uptime_percent", "avg_response_ms", "source", "fetched_at", "incidents"),
      List.copyOf(missing.fieldNames()));
    assertEquals(null, missing.getValue("uptime_percent"));
    JsonObject day = days.getJsonObject(20);
    assertEquals(0, UptimeSamples.uptime(22).compareTo(new BigDecimal(day.getValue("uptime_percent").toString())));
    assertEquals(UptimeSamples.responseMs(22), day.getInteger("avg_response_ms"));
    assertEquals("pingdom", day.getString("source"));
    assertEquals(new JsonArray().add("inc000000001"), days.getJsonObject(88).getJsonArray("incidents"));
    assertEquals(new JsonArray(), days.getJsonObject(89).getJsonArray("incidents"));
    assertEquals(0, expectedUptime(10).compareTo(new BigDecimal(first.getValue("uptime_percent").toString())));
    assertEquals(24, first.getJsonObject("response_times").getJsonArray("last_24_hours").size());
    assertTrue(snapshot.get(SnapshotBuilder.PAGE).body().toString().contains("class=\"sp-bars\""));
  }

  @Test
  void pingdomsOwnTotalIsShownWhenTheCollectorSendsOne() {
    JsonObject part = UptimeSamples.partJson(2, TODAY, NOW);
    part.getJsonArray("components").getJsonObject(1).put("uptime_percent", 99.87);
    JsonArray components = new JsonObject(builder.build(parts(2, part, new JsonArray()), NOW, false)
      .get(SnapshotBuilder.UPTIME).body()).getJsonArray("components");
    assertEquals(0, expectedUptime(10).compareTo(new BigDecimal(components.getJsonObject(0).getValue("uptime_percent")
      .toString())), "the days' mean without one");
    assertEquals(0, new BigDecimal("99.87").compareTo(new BigDecimal(components.getJsonObject(1)
      .getValue("uptime_percent").toString())));
  }

  /** The mean of the window's figures: days j = 2..91, the first {@code skipped} of them without one. */
  private static BigDecimal expectedUptime(int skipped) {
    BigDecimal sum = BigDecimal.ZERO;
    for (int j = 2 + skipped; j < 92; j++) {
      sum = sum.add(UptimeSamples.uptime(j));
    }
    return sum.divide(BigDecimal.valueOf(90 - skipped), 2, RoundingMode.HALF_UP);
  }

  @Test
  void everyBarsTitleAndTheTableSayWhatTheDataSays() {
    Snapshot snapshot = builder.build(parts(1, UptimeSamples.partJson(1, TODAY, NOW),
      new JsonArray().add(incident())), NOW, false);
    Document page = Jsoup.parse(snapshot.get(SnapshotBuilder.PAGE).body().toString());
    Element li = page.selectFirst("li[data-component-id=" + UptimeSamples.id(0) + "]");
    assertNotNull(li);
    Element svg = li.selectFirst("svg.sp-bars");
    assertEquals("img", svg.attr("role"));
    Element name = page.getElementById(svg.attr("aria-labelledby"));
    int below = 0;
    List<String> problemDates = new ArrayList<>();
    // Each path is a run of alike days: its dashes are their bars, its title says their dates and figure.
    String[] expectedTitle = new String[90];
    String[] expectedClass = new String[90];
    for (int i = 0; i < 90; i++) {
      int j = i + 2;
      LocalDate date = TODAY.minusDays(89 - i);
      if (j < 12) {
        expectedTitle[i] = "no data";
        expectedClass[i] = "n";
        continue;
      }
      BigDecimal uptime = UptimeSamples.uptime(j);
      expectedTitle[i] = uptime.stripTrailingZeros().toPlainString() + "%" + (i == 88 ? ", 1 incident" : "");
      expectedClass[i] = uptime.compareTo(new BigDecimal("99")) < 0 ? "x"
        : uptime.compareTo(new BigDecimal("100")) < 0 ? "d" : "";
      if (!expectedClass[i].isEmpty()) {
        below++;
      }
      if (!expectedClass[i].isEmpty() || i == 88) {
        problemDates.add(0, date.getDayOfMonth() + " " + date.getMonth().getDisplayName(
          java.time.format.TextStyle.FULL, Locale.UK) + " " + date.getYear());
      }
    }
    boolean[] drawn = new boolean[90];
    for (Element path : svg.select("path")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("M(\\d+) (\\d+)h(\\d+)").matcher(path.attr("d"));
      assertTrue(m.matches(), path.attr("d"));
      int firstDay = Integer.parseInt(m.group(1)) / 5;
      int length = Integer.parseInt(m.group(3));
      assertEquals(3, length % 5, "whole days: " + path.attr("d"));
      int lastDay = firstDay + (length - 3) / 5;
      String when = SHORT.format(TODAY.minusDays(89 - firstDay)) + (lastDay == firstDay ? ""
        : " to " + SHORT.format(TODAY.minusDays(89 - lastDay)));
      assertEquals(when + ": " + expectedTitle[firstDay], path.selectFirst("title").text());
      for (int i = firstDay; i <= lastDay; i++) {
        assertFalse(drawn[i], "day " + i + " drawn once");
        drawn[i] = true;
        assertEquals(expectedTitle[firstDay], expectedTitle[i], "day " + i + " is like its run");
        assertEquals(expectedClass[i], path.attr("class"), "the class (height and colour) of day " + i);
      }
    }
    for (int i = 0; i < 90; i++) {
      assertTrue(drawn[i], "day " + i + " is drawn");
    }
    assertEquals("Service 0: " + expectedUptime(10).stripTrailingZeros().toPlainString() + "% uptime over the last 90 "
      + "days. " + below + " days below 100%; 1 day with incidents or maintenance; 10 days without data.", name.text());
    Elements rows = li.select(".sp-days tbody tr");
    assertEquals(problemDates, rows.stream().map(r -> r.child(0).text()).toList());
    Element incidentRow = rows.stream().filter(r -> r.child(0).text().equals("17 November 2026")).findFirst()
      .orElseThrow();
    Element link = incidentRow.selectFirst("a");
    assertEquals("/incidents/inc000000001", link.attr("href"));
    assertEquals("Slow <API>", link.text(), "the name escaped, shown as text");
    assertEquals("From Pingdom, updated 18 November 2026 13:55 UTC.", li.selectFirst(".sp-updated").text());
    // Response charts: 24 h, 7 d, 30 d, each named by its caption, which gives the figures.
    Elements charts = li.select(".sp-chart");
    assertEquals(3, charts.size());
    Element chart = charts.get(0);
    Element caption = page.getElementById(chart.selectFirst("svg").attr("aria-labelledby"));
    assertEquals(chart.selectFirst("figcaption"), caption);
    assertTrue(caption.text().startsWith("Last 24 hours, hourly averages of response time: average "),
      caption.text());
    String d = chart.selectFirst("path").attr("d");
    assertTrue(d.matches("M0 \\d+( \\d+ \\d+){23}"), "one path of integers: " + d);
    assertFalse(snapshot.get(SnapshotBuilder.PAGE).body().toString().contains("style="), "no inline style");
  }

  @Test
  void withoutTheCollectorThePageSaysTheFiguresAreUnavailable() {
    Snapshot snapshot = builder.build(parts(1, null, new JsonArray()), NOW, false);
    Document page = Jsoup.parse(snapshot.get(SnapshotBuilder.PAGE).body().toString());
    assertEquals("Uptime figures are unavailable at the moment.", page.selectFirst(".sp-uptime-unavailable").text());
    assertTrue(page.select("svg.sp-bars").isEmpty());
    assertEquals(new JsonArray(), new JsonObject(snapshot.get(SnapshotBuilder.UPTIME).body())
      .getJsonArray("components"));
  }

  @Test
  void twentyComponentsWithNinetyDaysStayUnder150Kilobytes() {
    Snapshot snapshot = builder.build(parts(20, UptimeSamples.partJson(20, TODAY, NOW), new JsonArray()), NOW,
      false);
    int bytes = snapshot.get(SnapshotBuilder.PAGE).body().length();
    if (System.getProperty("uptime.dump") != null) {
      try {
        java.nio.file.Files.write(java.nio.file.Path.of(System.getProperty("uptime.dump")),
          snapshot.get(SnapshotBuilder.PAGE).body().getBytes());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    assertEquals(20, Jsoup.parse(snapshot.get(SnapshotBuilder.PAGE).body().toString()).select("svg.sp-bars").size());
    assertTrue(bytes < 150 * 1024, "the page is " + bytes + " bytes");
  }

  @Test
  void customMetricsAreChartedInTheirOwnSection() {
    JsonObject uptime = UptimeSamples.partJson(0, TODAY, NOW);
    uptime.put("metrics", new JsonArray().add(new JsonObject().put("id", "met1").put("name", "Queue depth")
      .putNull("component_id").put("series", JsonObject.mapFrom(UptimeSamples.series(NOW)))));
    Snapshot snapshot = builder.build(parts(1, uptime, new JsonArray()), NOW, false);
    Document page = Jsoup.parse(snapshot.get(SnapshotBuilder.PAGE).body().toString());
    Element section = page.selectFirst("h2:containsOwn(Metrics)");
    assertNotNull(section);
    Elements captions = page.select(".sp-chart figcaption");
    assertEquals(3, captions.size());
    assertTrue(captions.get(2).text().startsWith("Last 30 days, daily averages of queue depth: average "),
      captions.get(2).text());
    assertEquals("Queue depth", page.selectFirst(".sp-charts summary").text());
  }
}
