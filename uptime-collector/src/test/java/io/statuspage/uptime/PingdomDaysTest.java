package io.statuspage.uptime;

import io.statuspage.uptime.UptimeRepository.DailyFigure;
import io.statuspage.uptime.pingdom.Pingdom;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Pingdom's hourly buckets summed into the page's days. */
class PingdomDaysTest {

  private static final OffsetDateTime FETCHED = OffsetDateTime.parse("2024-09-17T00:00:00Z");

  private static Pingdom.Bucket hour(String start, Integer avg, long up, long down, long unknown) {
    return new Pingdom.Bucket(Instant.parse(start), avg, up, down, unknown);
  }

  @Test
  void anHourAcrossMidnightInAHalfHourZoneIsSharedInProportion() {
    // Kolkata is UTC+05:30: its midnight is 18:30 UTC, in the middle of the 18:00 bucket.
    List<DailyFigure> days = PingdomPoller.days("c1", List.of(
      hour("2024-09-15T18:00:00Z", 100, 3600, 0, 0),
      hour("2024-09-15T19:00:00Z", null, 0, 3600, 0)), ZoneId.of("Asia/Kolkata"), FETCHED);
    assertEquals(2, days.size());
    DailyFigure first = days.get(0);
    assertEquals(LocalDate.parse("2024-09-15"), first.day());
    assertEquals(1800, first.up());
    assertEquals(0, first.down());
    assertEquals(100.0, first.uptimePercent(), 1e-9);
    DailyFigure second = days.get(1);
    assertEquals(LocalDate.parse("2024-09-16"), second.day());
    assertEquals(1800, second.up());
    assertEquals(3600, second.down());
    assertEquals(100.0 / 3, second.uptimePercent(), 1e-9);
    assertEquals(100, second.avgResponseMs(), "the hour with nothing up has no response to average");
    assertEquals("pingdom", second.source());
    assertEquals(FETCHED, second.fetchedAt());
  }

  @Test
  void theAverageResponseIsWeightedByTimeUpAndUnknownTimeCountsNeitherWay() {
    List<DailyFigure> days = PingdomPoller.days("c1", List.of(
      hour("2024-09-16T00:00:00Z", 100, 3600, 0, 0),
      hour("2024-09-16T01:00:00Z", 400, 1200, 0, 2400),
      hour("2024-09-16T02:00:00Z", null, 0, 0, 3600)), ZoneOffset.UTC, FETCHED);
    assertEquals(1, days.size());
    DailyFigure day = days.get(0);
    assertEquals(4800, day.up());
    assertEquals(6000, day.unknown());
    assertEquals(100.0, day.uptimePercent(), 1e-9);
    assertEquals(175, day.avgResponseMs());
    DailyFigure unmonitored = PingdomPoller.days("c1", List.of(hour("2024-09-16T02:00:00Z", null, 0, 0, 3600)),
      ZoneOffset.UTC, FETCHED).get(0);
    assertNull(unmonitored.uptimePercent());
    assertNull(unmonitored.avgResponseMs());
  }
}
