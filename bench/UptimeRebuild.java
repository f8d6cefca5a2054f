import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.MetricDataPoint;
import io.statuspage.api.model.PageSummary;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.api.model.ResponseTimes;
import io.statuspage.api.model.Status;
import io.statuspage.api.model.StatusIndicator;
import io.statuspage.api.model.UptimeComponent;
import io.statuspage.api.model.UptimeDay;
import io.statuspage.bus.messages.ComponentsPart;
import io.statuspage.bus.messages.IncidentsPart;
import io.statuspage.bus.messages.UptimePart;
import io.statuspage.gateway.page.PageView;
import io.statuspage.gateway.snapshot.Snapshot;
import io.statuspage.gateway.snapshot.SnapshotBuilder;
import io.statuspage.runtime.Json;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long the gateway takes to rebuild its snapshot when the uptime part changes (the collector's answer read again,
 * uptime.json and every page made again) with COMPONENTS components, each with 90 days of figures (one day in 12
 * below 100%, one in 17 below 99%) and its 24 h / 7 d / 30 d response series (24 + 42 + 30 points), and how big the
 * status page and uptime.json are then.
 *
 * <pre>java -cp CLASSPATH bench/UptimeRebuild.java [COMPONENTS] [ROUNDS] [PAGE_FILE]</pre>
 */
public class UptimeRebuild {

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Json.configure();
    Instant now = Instant.parse("2026-11-18T14:00:00Z");
    Map<String, JsonObject> parts = new LinkedHashMap<>();
    parts.put("components", JsonObject.mapFrom(components(count)));
    parts.put("incidents", JsonObject.mapFrom(IncidentsPart.none()));
    JsonObject uptime = JsonObject.mapFrom(uptime(count, now));
    parts.put("uptime", uptime);
    SnapshotBuilder builder = new SnapshotBuilder(PageView.defaults());
    for (int i = 0; i < 10; i++) { // the JIT warms up
      parts.put("uptime", uptime.copy());
      builder.build(parts, now, false);
    }
    List<Double> millis = new ArrayList<>();
    Snapshot last = null;
    for (int i = 0; i < rounds; i++) {
      parts.put("uptime", uptime.copy());
      long start = System.nanoTime();
      last = builder.build(parts, now, false);
      millis.add((System.nanoTime() - start) / 1e6);
    }
    Collections.sort(millis);
    System.out.printf("components: %d x 90 days; rebuild after an uptime change, %d rounds: median %.1f ms, p90 %.1f ms,"
      + " max %.1f ms%n", count, rounds, millis.get(rounds / 2), millis.get((int) (rounds * 0.9)),
      millis.get(rounds - 1));
    System.out.printf("  %-24s %,9d bytes%n", "/", last.get("/").body().length());
    System.out.printf("  %-24s %,9d bytes%n", "/api/v2/uptime.json", last.get("/api/v2/uptime.json").body().length());
    System.out.printf("  %-24s %,9d bytes%n", "/api/v2/summary.json", last.get("/api/v2/summary.json").body().length());
    if (args.length > 2) {
      Files.write(Path.of(args[2]), last.get("/").body().getBytes());
    }
  }

  private static ComponentsPart components(int count) {
    List<PublicComponent> components = new ArrayList<>();
    OffsetDateTime at = OffsetDateTime.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < count; i++) {
      components.add(new PublicComponent().id(id(i)).name("Component " + i).status(ComponentStatus.OPERATIONAL)
        .createdAt(at).updatedAt(at).position(i + 1).description("What component " + i + " does").showcase(true)
        .startDate(null).groupId(null).pageId("page00000001").group(false).onlyShowIfDegraded(false));
    }
    PageSummary page = new PageSummary().id("page00000001").name("Bench Platform").url("https://status.bench.test")
      .timeZone("Europe/London").updatedAt(OffsetDateTime.parse("2026-11-18T14:00:00Z"));
    return new ComponentsPart(page, components, new Status().indicator(StatusIndicator.NONE)
      .description("All Systems Operational"));
  }

  private static UptimePart uptime(int count, Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    OffsetDateTime fetched = now.minusSeconds(120).atOffset(ZoneOffset.UTC);
    List<UptimeComponent> components = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      List<UptimeDay> days = new ArrayList<>();
      for (int j = 0; j < 92; j++) {
        int k = j + c;
        BigDecimal uptime = k % 17 == 3 ? new BigDecimal("98.61") : k % 12 == 5 ? new BigDecimal("99.93")
          : new BigDecimal("100");
        days.add(new UptimeDay().date(today.minusDays(91 - j).toString()).uptimePercent(uptime)
          .avgResponseMs(180 + k % 9 * 7).source("pingdom").fetchedAt(fetched));
      }
      long end = now.getEpochSecond() / 3600 * 3600;
      components.add(new UptimeComponent().id(id(c)).days(days).responseTimes(new ResponseTimes()
        .last24Hours(points(end, 24, 3600, c)).last7Days(points(end, 42, 4 * 3600, c))
        .last30Days(points(end, 30, 86400, c))));
    }
    return new UptimePart(now.atOffset(ZoneOffset.UTC), components, List.of());
  }

  private static List<MetricDataPoint> points(long end, int count, long step, int c) {
    List<MetricDataPoint> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new MetricDataPoint().timestamp(end - (count - 1 - i) * step)
        .value(BigDecimal.valueOf(150 + ((i + c) * 37 % 211) + 0.25)));
    }
    return out;
  }

  private static String id(int i) {
    return String.format("cmp%09d", i);
  }
}
