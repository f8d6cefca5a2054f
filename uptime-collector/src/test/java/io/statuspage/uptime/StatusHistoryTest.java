package io.statuspage.uptime;

import io.statuspage.uptime.StatusHistory.Change;
import io.statuspage.uptime.UptimeRepository.DailyFigure;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Days of the page's zone from a status history: what counts as up, down, or not at all. */
class StatusHistoryTest {

  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final OffsetDateTime COMPUTED = OffsetDateTime.parse("2026-10-26T12:00:00Z");

  @Test
  void majorIsDownPartialIsHalfDownDegradedIsUpMaintenanceIsLeftOut() {
    // 24 October 2026 in London (BST, UTC+1): from 00:00 operational; 06:00-08:00 major outage; 10:00-14:00 partial;
    // 14:00-16:00 degraded; 20:00-22:00 under maintenance; then operational.
    List<Change> changes = List.of(
      new Change(Instant.parse("2026-10-01T00:00:00Z"), "operational"),
      new Change(Instant.parse("2026-10-24T05:00:00Z"), "major_outage"),
      new Change(Instant.parse("2026-10-24T07:00:00Z"), "operational"),
      new Change(Instant.parse("2026-10-24T09:00:00Z"), "partial_outage"),
      new Change(Instant.parse("2026-10-24T13:00:00Z"), "degraded_performance"),
      new Change(Instant.parse("2026-10-24T15:00:00Z"), "operational"),
      new Change(Instant.parse("2026-10-24T19:00:00Z"), "under_maintenance"),
      new Change(Instant.parse("2026-10-24T21:00:00Z"), "operational"));
    List<DailyFigure> days = StatusHistory.days("c1", changes, LONDON, LocalDate.of(2026, 10, 23),
      Instant.parse("2026-10-26T12:00:00Z"), COMPUTED);
    assertEquals(4, days.size(), "23 to 26 October");
    DailyFigure day = days.get(1);
    assertEquals(LocalDate.of(2026, 10, 24), day.day());
    long down = 2 * 3600 + 2 * 3600;
    long maintenance = 2 * 3600;
    assertEquals(down, day.down());
    assertEquals(maintenance, day.unknown());
    assertEquals(86400 - down - maintenance, day.up());
    assertEquals(100.0 * day.up() / (day.up() + day.down()), day.uptimePercent(), 1e-9);
    assertEquals("history", day.source());
    assertNull(day.avgResponseMs());
    assertEquals(COMPUTED, day.fetchedAt());
    // 25 October has 25 hours in London (BST ends): all up.
    assertEquals(25 * 3600, days.get(2).up());
    assertEquals(100.0, days.get(2).uptimePercent());
    // Today counts until now (12:00 UTC = 12:00 GMT); the rest is unknown, not up.
    DailyFigure today = days.get(3);
    assertEquals(12 * 3600, today.up());
    assertEquals(12 * 3600, today.unknown());
  }

  @Test
  void timeBeforeTheComponentExistedAndMaintenanceOnlyDaysHaveNoFigure() {
    List<Change> changes = List.of(
      new Change(Instant.parse("2026-10-24T23:00:00Z"), "under_maintenance"),
      new Change(Instant.parse("2026-10-26T06:00:00Z"), "major_outage"));
    List<DailyFigure> days = StatusHistory.days("c1", changes, LONDON, LocalDate.of(2026, 10, 20),
      Instant.parse("2026-10-26T12:00:00Z"), COMPUTED);
    // Before 25 October nothing existed; the 25th was all maintenance: no figure. The 26th: 6 h of maintenance (left
    // out), 6 h of major outage.
    assertEquals(1, days.size());
    assertEquals(LocalDate.of(2026, 10, 26), days.get(0).day());
    assertEquals(0.0, days.get(0).uptimePercent());
    assertEquals(6 * 3600, days.get(0).down());
  }
}
