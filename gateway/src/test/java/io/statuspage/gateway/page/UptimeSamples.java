package io.statuspage.gateway.page;

import io.statuspage.api.model.MetricDataPoint;
import io.statuspage.api.model.ResponseTimes;
import io.statuspage.api.model.UptimeComponent;
import io.statuspage.api.model.UptimeDay;
import io.statuspage.bus.messages.UptimePart;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Uptime test data as the collector sends it: components {@code cmp...} with 92 dates of figures ending on
 * {@code today}, mostly 100%, some below, and response series; deterministic, so tests can work out what the page
 * must say.
 */
public final class UptimeSamples {

  public static final OffsetDateTime FETCHED = OffsetDateTime.parse("2026-11-18T13:55:00Z");

  static {
    io.statuspage.runtime.Json.configure();
  }

  private UptimeSamples() {
  }

  /** Day {@code j} (0 = 91 days before today) of any component: 98.5% every 17th, 99.9% every 11th, else 100%. */
  public static BigDecimal uptime(int j) {
    return j % 17 == 3 ? new BigDecimal("98.5") : j % 11 == 5 ? new BigDecimal("99.9") : new BigDecimal("100");
  }

  public static int responseMs(int j) {
    return 200 + (j % 7) * 10;
  }

  /** {@code n} components {@code cmp000000000}, ...; the first has no figures for its 10 oldest dates. */
  public static UptimePart part(int n, LocalDate today, Instant now) {
    List<UptimeComponent> components = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      List<UptimeDay> days = new ArrayList<>();
      for (int j = 0; j < 92; j++) {
        if (c == 0 && j < 12) {
          continue;
        }
        days.add(new UptimeDay().date(today.minusDays(91 - j).toString()).uptimePercent(uptime(j))
          .avgResponseMs(responseMs(j)).source("pingdom").fetchedAt(FETCHED));
      }
      components.add(new UptimeComponent().id(id(c)).days(days).responseTimes(series(now)));
    }
    return new UptimePart(now.atOffset(ZoneOffset.UTC), components, List.of());
  }

  public static JsonObject partJson(int n, LocalDate today, Instant now) {
    return JsonObject.mapFrom(part(n, today, now));
  }

  public static String id(int c) {
    return String.format("cmp%09d", c);
  }

  /** 24 hourly, 42 four-hourly and 30 daily points, 180 to 420 ms. */
  public static ResponseTimes series(Instant now) {
    long end = now.getEpochSecond() / 3600 * 3600;
    return new ResponseTimes().last24Hours(points(end, 24, 3600)).last7Days(points(end, 42, 4 * 3600))
      .last30Days(points(end, 30, 86400));
  }

  private static List<MetricDataPoint> points(long end, int count, long step) {
    List<MetricDataPoint> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new MetricDataPoint().timestamp(end - (count - 1 - i) * step).value(BigDecimal.valueOf(180 + (i * 37 % 241))));
    }
    return out;
  }
}
