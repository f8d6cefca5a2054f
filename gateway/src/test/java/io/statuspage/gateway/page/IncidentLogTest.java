package io.statuspage.gateway.page;

import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.gateway.IncidentSamples;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.statuspage.gateway.IncidentSamples.incident;
import static io.statuspage.gateway.IncidentSamples.maintenance;
import static io.statuspage.gateway.page.Pages.one;
import static io.statuspage.gateway.page.Pages.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The incident log day by day on the status page, and the history month by month, in the page's zone. */
class IncidentLogTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId LONDON = ZoneId.of("Europe/London");

  private static List<String> names(IncidentLog.Day day) {
    return day.entries().stream().map(LogEntry::name).toList();
  }

  @Test
  void fourteenDaysNewestFirstEachIncidentOnItsLocalDay() {
    // 03:30 UTC on 18 November is still the 17th in New York; 05:30 UTC is the 18th
    List<Incident> all = List.of(
        incident("late00000001", "Late evening", IncidentStatus.RESOLVED, "2026-11-18T03:30:00Z"),
        incident("morn00000001", "Morning", IncidentStatus.RESOLVED, "2026-11-18T05:30:00Z"),
        incident("gone00000001", "Too old", IncidentStatus.RESOLVED, "2026-11-04T12:00:00Z"),
        incident("edge00000001", "First day shown", IncidentStatus.RESOLVED, "2026-11-05T05:00:01Z"));
    List<IncidentLog.Day> days = IncidentLog.days(all, NEW_YORK, Instant.parse("2026-11-18T14:00:00Z"));
    assertEquals(IncidentLog.DAYS, days.size());
    assertEquals("2026-11-18", days.get(0).date());
    assertEquals("18 November 2026", days.get(0).heading());
    assertEquals("2026-11-05", days.get(13).date());
    assertEquals(List.of("Morning"), names(days.get(0)));
    assertEquals(List.of("Late evening"), names(days.get(1)));
    assertEquals(List.of("First day shown"), names(days.get(13)));
    assertTrue(days.subList(2, 13).stream().allMatch(d -> d.entries().isEmpty()));
  }

  @Test
  void aDaylightSavingChangeNeitherLosesNorRepeatsADay() {
    // British Summer Time ends at 01:00 UTC on 25 October 2026: that day has 25 hours
    Incident bst = incident("bst000000001", "Just after midnight BST", IncidentStatus.RESOLVED,
        "2026-10-24T23:30:00Z");
    Incident gmt = incident("gmt000000001", "Late on the long day", IncidentStatus.RESOLVED, "2026-10-25T23:30:00Z");
    Incident next = incident("nxt000000001", "Just after midnight GMT", IncidentStatus.RESOLVED,
        "2026-10-26T00:30:00Z");
    List<IncidentLog.Day> days = IncidentLog.days(List.of(bst, gmt, next), LONDON,
        Instant.parse("2026-10-30T12:00:00Z"));
    List<String> dates = days.stream().map(IncidentLog.Day::date).toList();
    assertEquals(List.of("2026-10-30", "2026-10-29", "2026-10-28", "2026-10-27", "2026-10-26", "2026-10-25",
        "2026-10-24", "2026-10-23", "2026-10-22", "2026-10-21", "2026-10-20", "2026-10-19", "2026-10-18",
        "2026-10-17"), dates);
    assertEquals(List.of("Just after midnight GMT"), names(days.get(4)));
    assertEquals(List.of("Late on the long day", "Just after midnight BST"), names(days.get(5)),
        "both on the 25th, newest first");
    assertEquals("25 October 2026 00:30 BST", days.get(5).entries().get(1).latest().at().text());
    assertEquals("25 October 2026 23:30 GMT", days.get(5).entries().get(0).latest().at().text());
  }

  @Test
  void maintenanceIsLoggedOnceUnderWayOnTheDayItsWindowStarts() {
    Incident upcoming = maintenance("mnt000000001", "Upcoming", IncidentStatus.SCHEDULED, "2026-11-17T22:00:00Z",
        "2026-11-17T23:00:00Z");
    Incident done = maintenance("mnt000000002", "Done", IncidentStatus.COMPLETED, "2026-11-16T22:00:00Z",
        "2026-11-16T23:00:00Z");
    List<IncidentLog.Day> days = IncidentLog.days(List.of(upcoming, done), ZoneId.of("UTC"),
        Instant.parse("2026-11-18T14:00:00Z"));
    assertEquals(List.of(), names(days.get(1)), "a maintenance still scheduled is not in the log");
    assertEquals(List.of("Done"), names(days.get(2)));
  }

  @Test
  void theStatusPageListsTheDaysWithLinksAndSaysWhenADayWasQuiet() {
    Incident i = incident("inc000000001", "Emails delayed", IncidentStatus.RESOLVED, "2026-11-17T10:00:00Z");
    IncidentSamples.update(i, "u2", IncidentStatus.RESOLVED, "Fixed **for good**.", "2026-11-17T11:00:00Z");
    String html = PublicPage.render(new io.statuspage.api.model.Summary().page(IncidentSamples.page("Etc/UTC")),
        List.of(i), PageView.fresh(Instant.parse("2026-11-18T14:00:00Z")));
    Document page = parse(html);
    List<Element> days = page.select("h3.sp-log__day");
    assertEquals(14, days.size());
    assertEquals("17 November 2026", days.get(1).text());
    assertEquals("2026-11-17", one(days.get(1), "time").attr("datetime"));
    assertEquals("No incidents reported.", days.get(0).nextElementSibling().text());
    Element entry = one(days.get(1).nextElementSibling(), ".sp-log__entry");
    assertEquals("/incidents/inc000000001", one(entry, "a").attr("href"));
    assertEquals("Emails delayed", one(entry, "a").text());
    assertEquals("for good", one(entry, ".sp-event__update-body strong").text(), "the latest update, as Markdown");
    assertEquals("/history", one(page, "main a[href=/history]").attr("href"));
  }

  @Test
  void historyHasThreeMonthsAPageBackToTheOldestWithNewerAndOlderLinks() {
    List<Incident> all = new ArrayList<>();
    all.add(incident("nov000000001", "November", IncidentStatus.RESOLVED, "2026-11-02T10:00:00Z"));
    all.add(incident("sep000000001", "September", IncidentStatus.RESOLVED, "2026-09-30T23:30:00Z"));
    all.add(incident("feb000000001", "February", IncidentStatus.RESOLVED, "2026-02-10T10:00:00Z"));
    List<IncidentLog.HistoryPage> pages = IncidentLog.history(all, NEW_YORK, Instant.parse("2026-11-18T14:00:00Z"));
    assertEquals(List.of("/history", "/history/2026-08", "/history/2026-05", "/history/2026-02"),
        pages.stream().map(IncidentLog.HistoryPage::path).toList());
    IncidentLog.HistoryPage first = pages.get(0);
    assertEquals(List.of("November 2026", "October 2026", "September 2026"),
        first.months().stream().map(IncidentLog.Month::heading).toList());
    assertEquals(List.of("September"), first.months().get(2).entries().stream().map(LogEntry::name).toList(),
        "23:30 UTC on 30 September is still September in New York");
    assertNull(first.newer());
    assertEquals("/history/2026-08", first.older());
    IncidentLog.HistoryPage last = pages.get(3);
    assertEquals("/history/2026-05", last.newer());
    assertNull(last.older());
    assertEquals(List.of("February"), last.months().get(0).entries().stream().map(LogEntry::name).toList());
  }

  @Test
  void historyPagesAreBounded() {
    List<Incident> all = List.of(incident("old000000001", "Ancient", IncidentStatus.RESOLVED,
        "2010-01-01T10:00:00Z"));
    List<IncidentLog.HistoryPage> pages = IncidentLog.history(all, NEW_YORK, Instant.parse("2026-11-18T14:00:00Z"));
    assertEquals(IncidentLog.MAX_PAGES, pages.size());
    assertNull(pages.get(IncidentLog.MAX_PAGES - 1).older());
  }

  @Test
  void historyPagesRenderTheMonthsAndThePagination() {
    List<Incident> all = List.of(
        incident("nov000000001", "November", IncidentStatus.RESOLVED, "2026-11-02T10:00:00Z"),
        incident("jul000000001", "July", IncidentStatus.RESOLVED, "2026-07-02T10:00:00Z"));
    Map<String, String> pages = PublicPage.history(IncidentSamples.page("Etc/UTC"), all,
        PageView.fresh(Instant.parse("2026-11-18T14:00:00Z")));
    assertEquals(List.of("/history", "/history/2026-08"), List.copyOf(pages.keySet()));
    Document first = parse(pages.get("/history"));
    assertEquals("Incident history", one(first, "h1").text());
    assertEquals(List.of("November 2026", "October 2026", "September 2026"), first.select("main h2").eachText());
    assertEquals(List.of("No incidents reported this month.", "No incidents reported this month."),
        first.select(".sp-empty").eachText());
    assertEquals("/incidents/nov000000001", one(first, ".sp-log__entry a").attr("href"));
    assertEquals("/history/2026-08", one(first, "nav.govuk-pagination a[rel=next]").attr("href"));
    assertTrue(first.select("a[rel=prev]").isEmpty());
    assertEquals("/history", one(first, "nav[aria-label=Menu] a[aria-current=page]").attr("href"));
    Document second = parse(pages.get("/history/2026-08"));
    assertEquals("/history", one(second, "a[rel=prev]").attr("href"));
    assertTrue(second.select("a[rel=next]").isEmpty());
    assertEquals("July", one(second, ".sp-log__entry a").text());
  }
}
