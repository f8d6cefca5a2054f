package io.statuspage.gateway.page;

import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentImpact;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.Summary;
import io.statuspage.gateway.IncidentSamples;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.statuspage.gateway.IncidentSamples.affected;
import static io.statuspage.gateway.IncidentSamples.at;
import static io.statuspage.gateway.IncidentSamples.incident;
import static io.statuspage.gateway.IncidentSamples.maintenance;
import static io.statuspage.gateway.IncidentSamples.update;
import static io.statuspage.gateway.page.Pages.one;
import static io.statuspage.gateway.page.Pages.parse;
import static io.statuspage.gateway.page.Pages.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An incident's own page, and script injection through every text field of every page showing incidents. */
class IncidentPageTest {

  private static final PageView VIEW = PageView.fresh(Instant.parse("2026-11-18T14:00:00Z"));

  static Incident resolvedWithPostmortem() {
    Incident i = incident("inc000000001", "Emails delayed", IncidentStatus.INVESTIGATING, "2026-11-17T10:00:00Z")
        .impact(IncidentImpact.MAJOR);
    i.getComponents().add(IncidentSamples.component("cmp000000005", "Email sending", ComponentStatus.OPERATIONAL));
    i.getIncidentUpdates().get(0).getAffectedComponents().add(affected("cmp000000005", "Email sending",
        ComponentStatus.OPERATIONAL, ComponentStatus.MAJOR_OUTAGE));
    update(i, "u2", IncidentStatus.IDENTIFIED, "A queue is stuck.<br />Draining it.", "2026-11-17T10:30:00Z");
    update(i, "u3", IncidentStatus.RESOLVED, "All mail sent.", "2026-11-17T11:00:00Z");
    i.getIncidentUpdates().get(0).getAffectedComponents().add(affected("cmp000000005", "Email sending",
        ComponentStatus.MAJOR_OUTAGE, ComponentStatus.OPERATIONAL));
    i.resolvedAt(at("2026-11-17T11:00:00Z")).postmortemBody("## What happened\n\nA *full* disk.")
        .postmortemPublishedAt(at("2026-11-18T09:00:00Z"));
    return i;
  }

  @Test
  void theFullTimelineNewestFirstWithStatusTimeAndComponentChanges() {
    Document page = parse(PublicPage.incident(IncidentSamples.page("Europe/London"), resolvedWithPostmortem(),
        VIEW));
    assertEquals("Emails delayed - Acme Cloud status", page.title());
    assertEquals("Emails delayed", one(page, "h1").text());
    Element details = one(page, "main dl");
    assertEquals("Resolved", row(details, "Status").text());
    assertEquals("Major", row(details, "Impact").text());
    assertEquals("17 November 2026 10:00 GMT", row(details, "Started").text());
    assertEquals("17 November 2026 11:00 GMT", row(details, "Resolved").text());
    assertEquals("Email sending", row(details, "Affected").text());
    List<Element> updates = page.select("ol.sp-timeline > li");
    assertEquals(3, updates.size());
    assertEquals(List.of("Resolved – 17 November 2026 11:00 GMT", "Identified – 17 November 2026 10:30 GMT",
        "Investigating – 17 November 2026 10:00 GMT"),
        updates.stream().map(u -> one(u, ".sp-event__update-meta").text()).toList());
    assertEquals("2026-11-17T11:00:00Z", one(updates.get(0), "time").attr("datetime"));
    assertEquals("Email sending: Major outage to Operational", one(updates.get(0), ".sp-event__changes").text());
    assertEquals("Email sending: Operational to Major outage", one(updates.get(2), ".sp-event__changes").text());
    assertEquals(1, updates.get(1).select(".sp-event__update-body br").size(), "<br> kept as a line break");
    assertTrue(updates.get(1).select(".sp-event__changes").isEmpty());
  }

  @Test
  void thePostmortemOnlyOncePublished() {
    Incident i = resolvedWithPostmortem();
    Document page = parse(PublicPage.incident(IncidentSamples.page("Etc/UTC"), i, VIEW));
    Element postmortem = one(page, ".sp-postmortem");
    assertEquals("What happened", one(postmortem, "h2").text());
    assertEquals("full", one(postmortem, "em").text());
    assertTrue(page.text().contains("Published 18 November 2026 09:00 UTC"));
    i.postmortemPublishedAt(null);
    Document draft = parse(PublicPage.incident(IncidentSamples.page("Etc/UTC"), i, VIEW));
    assertTrue(draft.select(".sp-postmortem").isEmpty(), "a draft stays with the team");
    assertFalse(draft.text().contains("full disk"));
  }

  @Test
  void aMaintenanceShowsItsWindow() {
    Incident m = maintenance("mnt000000001", "Database upgrade", IncidentStatus.IN_PROGRESS, "2026-11-18T13:00:00Z",
        "2026-11-18T16:00:00Z");
    Document page = parse(PublicPage.incident(IncidentSamples.page("Etc/UTC"), m, VIEW));
    assertEquals("Scheduled maintenance", one(page, ".govuk-caption-l").text());
    Element details = one(page, "main dl");
    assertEquals("In progress", row(details, "Status").text());
    assertEquals("18 November 2026 13:00 UTC", row(details, "Starts").text());
    assertEquals("18 November 2026 16:00 UTC", row(details, "Ends").text());
  }

  private static final String SCRIPT = "<script>alert(1)</script>";
  private static final String IMG = "<img src=x onerror=alert(2)>";
  private static final String QUOTE = "\"'><svg onload=alert(3)>";

  /** Every text field of an incident carrying a script; the pages must show it as text. */
  static Incident hostile() {
    Incident i = incident("inc000000666", SCRIPT + IMG + QUOTE, IncidentStatus.INVESTIGATING,
        "2026-11-18T10:00:00Z");
    i.getIncidentUpdates().get(0).body(SCRIPT + "\n\n" + IMG + " [x](javascript:alert(4)) [y](data:text/html,z) "
        + "<a href=\"vbscript:msgbox\">v</a> " + QUOTE);
    i.getIncidentUpdates().get(0).getAffectedComponents().add(affected("c1", SCRIPT + QUOTE,
        ComponentStatus.OPERATIONAL, ComponentStatus.MAJOR_OUTAGE));
    i.getComponents().add(IncidentSamples.component("c1", IMG + QUOTE, ComponentStatus.MAJOR_OUTAGE));
    i.postmortemBody(SCRIPT + "\n\n[p](javascript:alert(5)) " + IMG).postmortemPublishedAt(at("2026-11-18T12:00:00Z"));
    return i;
  }

  static void assertNoInjection(String html) {
    Document page = parse(html);
    assertEquals(2, page.select("script").size(), "only the layout's own scripts");
    assertTrue(page.select("img, svg[onload], iframe, object").isEmpty(), html);
    assertTrue(page.getAllElements().stream().flatMap(e -> e.attributes().asList().stream())
        .noneMatch(a -> a.getKey().startsWith("on")), "no event handler attributes");
    assertTrue(page.select("a[href]").stream().map(a -> a.attr("href").toLowerCase())
        .noneMatch(h -> h.startsWith("javascript:") || h.startsWith("data:") || h.startsWith("vbscript:")),
        "no unsafe links");
    assertFalse(html.contains(SCRIPT));
  }

  @Test
  void scriptsInEveryTextFieldAreTextOnTheIncidentPage() {
    String html = PublicPage.incident(IncidentSamples.page("Etc/UTC"), hostile(), VIEW);
    assertNoInjection(html);
    Document page = parse(html);
    assertEquals(SCRIPT + IMG + QUOTE, one(page, "h1").text());
    assertTrue(one(page, ".sp-event__update-body").text().startsWith(SCRIPT), "shown as written");
    assertTrue(one(page, ".sp-event__changes").text().startsWith(SCRIPT + QUOTE));
    assertTrue(one(page, ".sp-postmortem").text().contains(SCRIPT));
  }

  @Test
  void scriptsInEveryTextFieldAreTextOnTheStatusPageAndTheHistory() {
    Incident i = hostile();
    Incident m = maintenance("mnt000000666", SCRIPT + QUOTE, IncidentStatus.SCHEDULED, "2026-11-25T22:00:00Z",
        "2026-11-26T01:00:00Z");
    m.getComponents().add(IncidentSamples.component("c1", IMG, ComponentStatus.OPERATIONAL));
    Summary summary = new Summary().page(IncidentSamples.page("Etc/UTC").name(SCRIPT));
    String status = PublicPage.render(summary, List.of(i, m), VIEW);
    assertNoInjection(status);
    Document page = parse(status);
    assertEquals(SCRIPT + QUOTE, one(page, ".sp-maintenance a").text());
    assertEquals(SCRIPT + IMG + QUOTE, one(page, ".sp-event h3").text());
    assertEquals(SCRIPT + IMG + QUOTE, one(page, ".sp-log__entry a").text());
    Map<String, String> history = PublicPage.history(summary.getPage(), List.of(i, m), VIEW);
    history.values().forEach(IncidentPageTest::assertNoInjection);
    assertEquals(SCRIPT + IMG + QUOTE, one(parse(history.get("/history")), ".sp-log__entry a").text());
  }
}
