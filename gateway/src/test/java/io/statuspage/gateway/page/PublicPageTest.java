package io.statuspage.gateway.page;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.statuspage.gateway.page.Pages.one;
import static io.statuspage.gateway.page.Pages.parse;
import static io.statuspage.gateway.page.Pages.row;
import static io.statuspage.gateway.page.Pages.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublicPageTest {

  private static final Instant REFRESHED = Instant.parse("2026-11-18T14:00:00Z");

  private static String render(JsonObject summary) {
    return PublicPage.render(summary, PageView.fresh(REFRESHED));
  }

  private static Document page(JsonObject summary) {
    return parse(render(summary));
  }

  /** The list item of the component (or group) with this id. */
  private static Element item(Document page, String id) {
    return one(page, "li[data-component-id=\"" + id + "\"]");
  }

  /** Names of the components listed directly in {@code list}, in order. */
  private static List<String> names(Element list) {
    return list.children().stream().map(li -> one(li, ".sp-component__name, .sp-group__name").text()).toList();
  }

  @ParameterizedTest
  @CsvSource({
      "operational, Operational, govuk-tag--green",
      "under_maintenance, Under maintenance, govuk-tag--blue",
      "degraded_performance, Degraded performance, govuk-tag--yellow",
      "partial_outage, Partial outage, govuk-tag--orange",
      "major_outage, Major outage, govuk-tag--red",
      "exploded, Unknown, govuk-tag--grey"})
  void statusInWordsWithTagColourAndHiddenPrefix(String status, String words, String tagClass) {
    Element li = item(page(Samples.summary(Samples.component("c1", "API", status))), "c1");
    Element tag = one(li, ".govuk-tag");
    assertTrue(tag.hasClass(tagClass), tag.outerHtml());
    assertEquals("status: " + words, tag.text(), "a screen reader hears what the words are about");
    assertEquals("status:", one(tag, ".govuk-visually-hidden").text());
    assertFalse(li.text().contains("exploded"));
  }

  @Test
  void membersAreListedUnderTheirGroupWhichShowsItsWorstStatus() {
    Document page = page(Samples.summary(
        Samples.component("top1", "Website", "operational"),
        Samples.group("g1", "Backend", "partial_outage", "m1", "m2"),
        Samples.component("m1", "Queue", "degraded_performance").put("group_id", "g1"),
        Samples.component("m2", "Workers", "partial_outage").put("group_id", "g1"),
        Samples.component("top2", "Docs", "operational")));
    assertEquals(List.of("Website", "Backend", "Docs"), names(one(page, "main ul.sp-components")),
        "display order kept, members not at the top level");
    Element group = item(page, "g1");
    Element members = one(group, "ul.sp-components--members");
    assertEquals(List.of("Queue", "Workers"), names(members));
    Element heading = one(group, "h3.sp-group__name");
    assertEquals("Backend", heading.text());
    assertEquals(heading.id(), members.attr("aria-labelledby"), "the members' list is named by its group");
    assertEquals("status: Partial outage", one(group, ".sp-group__row .govuk-tag").text());
  }

  @Test
  void groupNeverLooksBetterThanItsWorstMember() {
    Document page = page(Samples.summary(
        Samples.group("g1", "Backend", "operational", "m1"),
        Samples.component("m1", "Queue", "major_outage").put("group_id", "g1")));
    assertEquals("status: Major outage", one(item(page, "g1"), ".sp-group__row .govuk-tag").text());
  }

  @Test
  void membersFoundFromTheGroupsListWhenGroupIdIsMissing() {
    Document page = page(Samples.summary(
        Samples.group("g1", "Backend", "operational", "m1"),
        Samples.component("m1", "Queue", "operational")));
    assertEquals(List.of("Queue"), names(one(item(page, "g1"), "ul.sp-components--members")));
  }

  @Test
  void onlyShowIfDegradedComponentsAreHiddenWhileOperational() {
    String text = page(Samples.summary(
        Samples.component("c1", "Always shown", "operational"),
        Samples.component("c2", "Quiet when fine", "operational").put("only_show_if_degraded", true),
        Samples.component("c3", "Shown when broken", "partial_outage").put("only_show_if_degraded", true),
        Samples.group("g1", "Hidden group", "operational", "m1").put("only_show_if_degraded", true),
        Samples.component("m1", "Hidden member", "operational").put("group_id", "g1"))).text();
    assertTrue(text.contains("Always shown"));
    assertFalse(text.contains("Quiet when fine"));
    assertTrue(text.contains("Shown when broken"));
    assertFalse(text.contains("Hidden group"));
    assertFalse(text.contains("Hidden member"));
  }

  @Test
  void noComponentsSaysSo() {
    assertEquals("No components are listed.", one(page(Samples.summary()), "main .sp-empty").text());
  }

  @Test
  void scriptInNamesIsEscapedEverywhere() {
    JsonObject s = Samples.summary(Samples.component("c1", "<script>alert(1)</script>", "operational"));
    s.getJsonObject("page").put("name", "<script>alert(2)</script>");
    s.put("incidents", new JsonArray().add(new JsonObject().put("name", "<img src=x onerror=alert(3)>")
        .put("id", "inc1").put("status", "investigating").put("impact", "minor")
        .put("created_at", "2026-11-18T13:00:00Z")
        .put("incident_updates", new JsonArray().add(new JsonObject().put("body", "<script>alert(4)</script>")))));
    String html = render(s);
    assertFalse(html.contains("<script>alert"), html);
    assertFalse(html.contains("<img src=x"));
    assertFalse(html.contains("<b>"));
    Document page = parse(html);
    assertEquals(2, page.select("script").size(), "only the layout's own scripts");
    assertTrue(page.select("img, b").isEmpty());
    assertEquals("<script>alert(2)</script> status", page.title());
    assertEquals("<script>alert(1)</script>", one(item(page, "c1"), ".sp-component__name").text());
    Element incident = one(page, ".sp-event");
    assertEquals("<img src=x onerror=alert(3)>", one(incident, "h3").text());
    assertEquals("<script>alert(4)</script>", row(incident, "Latest update").text());
    assertEquals("<img src=x onerror=alert(3)>", one(page, ".sp-log__entry a").text(), "and in the log");
  }

  @Test
  void quotesCannotBreakOutOfAttributes() {
    String id = "x\" onmouseover=\"alert(1)";
    String statement = "https://example.test/a11y?x=\"><script>alert(3)</script>";
    JsonObject s = Samples.summary(Samples.component(id, "API", "operational")
        .put("description", "Says \"hi\" and 'bye' \" autofocus onfocus=\"alert(2)"));
    PageView view = PageView.fresh(REFRESHED).withBranding(null, "Logo \"quoted\"", null, statement);
    String html = PublicPage.render(s, view);
    Document page = parse(html);
    assertTrue(page.select("[onmouseover], [onfocus], [autofocus]").isEmpty(), html);
    assertEquals(id, one(page, "li.sp-component").attr("data-component-id"));
    assertEquals("Says \"hi\" and 'bye' \" autofocus onfocus=\"alert(2)", one(page, ".sp-component__description").text());
    assertEquals(statement, one(page, "footer a:contains(Accessibility statement)").attr("href"));
    assertEquals("Logo \"quoted\"", one(page, ".sp-header__name").text());
    // every attribute value is a closed string without markup
    Matcher attrs = Pattern.compile("\\s[a-z-]+=\"([^\"]*)\"").matcher(html);
    while (attrs.find()) {
      assertFalse(attrs.group(1).contains("<"), attrs.group());
    }
  }

  @Test
  void descriptionIsMarkdownInHintTextWithRawHtmlShownAsText() {
    Document page = page(Samples.summary(Samples.component("c1", "Database", "operational")
        .put("description", "See **runbook** <script>alert(1)</script> and [the docs](https://example.test/db)")));
    Element hint = one(item(page, "c1"), "p.govuk-hint.sp-component__description");
    assertEquals("See runbook <script>alert(1)</script> and the docs", hint.text());
    assertEquals("runbook", one(hint, "strong").text());
    Element link = one(hint, "a.govuk-link");
    assertEquals("https://example.test/db", link.attr("href"));
    assertEquals(2, page.select("script").size(), "only the layout's own scripts");
  }

  @Test
  void descriptionLinksWithUnsafeSchemesBecomePlainText() {
    Document page = page(Samples.summary(Samples.component("c1", "API", "operational")
        .put("description", "[click](javascript:alert(1)) or [this](data:text/html,x) # not a heading")));
    Element hint = one(item(page, "c1"), ".sp-component__description");
    assertTrue(hint.select("a").isEmpty(), hint.outerHtml());
    assertEquals("click or this # not a heading", hint.text());
  }

  @Test
  void staleBannerOnlyWhenStale() {
    JsonObject s = Samples.full();
    String fresh = PublicPage.render(s, PageView.of(REFRESHED, false));
    Document stale = parse(PublicPage.render(s, PageView.of(REFRESHED, true)));
    assertFalse(fresh.contains("sp-stale-title"));
    assertFalse(fresh.contains("data-stale"));
    assertFalse(fresh.contains("may be out of date"));
    assertEquals("true", stale.body().attr("data-stale"));
    Element banner = one(stale, "main .govuk-notification-banner");
    assertEquals("region", banner.attr("role"));
    assertEquals("Important", one(stale, "#" + banner.attr("aria-labelledby")).text(), "the landmark has a name");
    assertEquals("This page may be out of date. It was last updated at 18 November 2026 14:00 UTC.",
        one(banner, ".govuk-notification-banner__heading").text());
    assertEquals("2026-11-18T14:00:00Z", one(banner, "time").attr("datetime"));
    assertTrue(banner.elementSiblingIndex() < one(stale, "h1").elementSiblingIndex(), "GOV.UK: banner before the h1");
  }

  @Test
  void lastUpdatedAlwaysShownFallingBackToThePageUpdatedAt() {
    Element updated = one(page(Samples.summary()), ".sp-overall__updated");
    assertEquals("Last updated 18 November 2026 14:00 UTC", updated.text());
    Element fallback = one(parse(PublicPage.render(Samples.summary(), PageView.of(null, false))),
        ".sp-overall__updated");
    assertEquals("Last updated 18 November 2026 14:00 UTC", fallback.text());
    assertEquals("2026-11-18T14:00:00Z", one(fallback, "time").attr("datetime"));
    JsonObject noTime = Samples.summary();
    noTime.getJsonObject("page").remove("updated_at");
    assertEquals("Last updated at an unknown time",
        one(parse(PublicPage.render(noTime, PageView.of(null, false))), ".sp-overall__updated").text());
  }

  @Test
  void emptyStates() {
    Document page = page(Samples.summary(Samples.component("c1", "API", "operational")));
    assertEquals(List.of("Current status", "Recent incidents"), page.select("main h2.govuk-heading-l").eachText());
    assertTrue(page.select(".govuk-notification-banner").isEmpty(), "no maintenance, no banner");
    assertEquals(java.util.Collections.nCopies(IncidentLog.DAYS, "No incidents reported."),
        page.select(".sp-empty").eachText());
    assertEquals(IncidentLog.DAYS - 1, page(Samples.full()).select(".sp-empty").size(), "one day had an incident");
  }

  @ParameterizedTest
  @CsvSource({
      "none, All Systems Operational",
      "minor, Partially Degraded Service",
      "major, Partial System Outage",
      "critical, Major System Outage",
      "maintenance, Service Under Maintenance"})
  void overallStatusInWordsWithIndicatorClass(String indicator, String description) {
    JsonObject s = Samples.summary();
    s.put("status", new JsonObject().put("indicator", indicator).put("description", description));
    Element overall = one(page(s), ".sp-overall");
    assertTrue(overall.hasClass("sp-overall--" + indicator), overall.outerHtml());
    assertEquals("Overall status: " + description, one(overall, ".sp-overall__description").text());
    Element icon = one(overall, "svg.sp-icon");
    assertEquals("true", icon.attr("aria-hidden"), "decorative: the words say it");
  }

  @Test
  void eachIndicatorHasItsOwnIcon() {
    List<String> icons = new java.util.ArrayList<>();
    for (String indicator : List.of("none", "minor", "major", "critical", "maintenance", "nonsense")) {
      JsonObject s = Samples.summary();
      s.put("status", new JsonObject().put("indicator", indicator).put("description", "x"));
      icons.add(one(page(s), "svg.sp-icon").html());
    }
    assertEquals(6, icons.stream().distinct().count(), "shape and glyph say it, not only colour: " + icons);
  }

  @Test
  void missingDescriptionFallsBackToTheIndicatorsWords() {
    JsonObject s = Samples.summary();
    s.put("status", new JsonObject().put("indicator", "major"));
    assertEquals("Overall status: Partial System Outage", one(page(s), ".sp-overall__description").text());
  }

  @Test
  void unknownIndicatorNeverReachesTheClassAttribute() {
    JsonObject s = Samples.summary();
    s.put("status", new JsonObject().put("indicator", "x\" onclick=\"y").put("description", ""));
    String html = render(s);
    Element overall = one(parse(html), ".sp-overall");
    assertTrue(overall.hasClass("sp-overall--unknown"));
    assertEquals("Overall status: Status unknown", one(overall, ".sp-overall__description").text());
    assertFalse(html.contains("onclick"));
  }

  @Test
  void incidentsAndMaintenanceShowTheirFields() {
    Document page = page(Samples.full());
    Elements events = page.select(".sp-event");
    assertEquals(1, events.size(), "the active incident; the maintenance is in the banner");
    Element banner = one(page, "main .govuk-notification-banner");
    assertEquals("Scheduled maintenance", one(page, "#" + banner.attr("aria-labelledby")).text());
    Element maintenance = one(banner, ".sp-maintenance");
    assertEquals("/incidents/mnt000000001", one(maintenance, "a").attr("href"));
    assertEquals("Database upgrade Scheduled. Starts 25 November 2026 22:00 UTC. Ends 26 November 2026 01:30 UTC. "
        + "Affects Database.", maintenance.text());
    assertEquals("2026-11-26T01:30:00Z", maintenance.select("time").get(1).attr("datetime"));
    assertTrue(banner.elementSiblingIndex() < one(page, "main h2.govuk-heading-l").elementSiblingIndex(),
        "the banner comes first");

    Element incident = events.get(0);
    assertEquals("Emails delayed", one(incident, "h3").text());
    assertEquals("/incidents/inc000000001", one(incident, "h3 a").attr("href"));
    assertEquals(List.of("Status", "Impact", "Started", "Affected", "Latest update"),
        List.copyOf(rows(one(incident, "dl")).keySet()));
    assertEquals("Identified", row(incident, "Status").text());
    Element impact = one(row(incident, "Impact"), ".govuk-tag");
    assertEquals("Major", impact.text());
    assertTrue(impact.hasClass("govuk-tag--orange"));
    Element update = row(incident, "Latest update");
    Element body = one(update, ".sp-event__update-body p");
    assertEquals(List.of("The issue has been identified.", "A fix is being implemented."),
        body.textNodes().stream().map(t -> t.text().strip()).toList());
    assertEquals(1, body.select("br").size(), "the update's <br> kept as a line break");
    assertFalse(update.text().contains("We are currently investigating"), "only the latest update is shown");
    assertEquals("Email sending", row(incident, "Affected").text());
  }

  @Test
  void anUpdatesParagraphsAndAnHttpLinkAreShown() {
    JsonObject s = Samples.summary();
    s.put("incidents", new JsonArray().add(new JsonObject().put("id", "../../x").put("name", "Slow")
        .put("status", "monitoring").put("impact", "sideways").put("shortlink", "https://stspg.io/x")
        .put("incident_updates", new JsonArray().add(new JsonObject()
            .put("body", "First.\n\nSecond,\nline *two*. [Docs](javascript:alert(1))")))));
    Document page = page(s);
    Element incident = one(page, ".sp-event");
    assertFalse(rows(one(incident, "dl")).containsKey("Impact"), "an impact the contract does not know");
    assertEquals(List.of("First.", "Second, line two. Docs"), row(incident, "Latest update").select("p").eachText());
    assertEquals("two", one(row(incident, "Latest update"), "em").text(), "Markdown");
    assertTrue(row(incident, "Latest update").select("a").isEmpty(), "an unsafe link is text");
    assertTrue(one(incident, "h3").select("a").isEmpty(), "an id that cannot be a path gets no link");
  }

  @Test
  void timesAreShownInThePageZone() {
    JsonObject s = Samples.full();
    s.getJsonObject("page").put("time_zone", "Europe/London");
    assertTrue(page(s).text().contains("25 November 2026 22:00 GMT"));
    String summer = PublicPage.render(Samples.summary(), PageView.fresh(Instant.parse("2026-07-01T12:00:00Z"))
        .withZone(ZoneId.of("Europe/London")));
    assertTrue(parse(summer).text().contains("1 July 2026 13:00 BST"), summer);
    JsonObject unknownZone = Samples.summary();
    unknownZone.getJsonObject("page").put("time_zone", "Not/AZone");
    assertTrue(page(unknownZone).text().contains("18 November 2026 14:00 UTC"));
  }

  @Test
  void pageSkeletonFollowsGovukConventionsWithoutGovukBranding() {
    String html = render(Samples.full());
    Document page = parse(html);
    assertTrue(html.strip().startsWith("<!DOCTYPE html>"), html.substring(0, 40));
    assertEquals("en", one(page, "html").attr("lang"));
    assertTrue(one(page, "html").hasClass("govuk-template"));
    assertEquals("Acme Cloud status", page.title());
    Element skip = page.body().child(1);
    assertEquals("#main-content", skip.attr("href"), "the skip link comes first, after the snippet");
    assertTrue(skip.hasClass("govuk-skip-link"));
    assertEquals("main", one(page, "#main-content").tagName());
    assertEquals(List.of("Acme Cloud status"), page.select("h1").eachText());
    Element home = one(page, "header a.sp-header__link");
    assertEquals("/", home.attr("href"));
    assertEquals("Acme Cloud", home.text());
    Element nav = one(page, "nav[aria-label=Menu]");
    assertEquals(List.of("Current status", "Incident history", "API", "Subscribe"), nav.select("a").eachText());
    assertEquals(List.of("/", "/history", "/docs", "/subscribe"), nav.select("a").eachAttr("href"));
    assertEquals("/", one(nav, "a[aria-current=page]").attr("href"));
    Element subscribe = one(page, "main a.govuk-button");
    assertEquals("Subscribe to updates", subscribe.text());
    assertEquals("/subscribe", subscribe.attr("href"));
    assertEquals("button", subscribe.attr("role"));
    assertEquals(Layout.INLINE_SCRIPT, page.body().child(0).data());
    assertEquals("/assets/statuspage.js", one(page, "script[type=module]").attr("src"));
    assertEquals(List.of("/assets/govuk-frontend.min.css", "/assets/statuspage.css"),
        page.select("link[rel=stylesheet]").eachAttr("href"));
    // footer
    Element footer = one(page, "footer.govuk-footer");
    assertEquals(List.of("API documentation", "Status as JSON", "Atom feed", "RSS feed", "Maintenance calendar"),
        footer.select("a").eachText());
    assertEquals(List.of("/docs", "/api/v2/summary.json", "/history.atom", "/history.rss", "/maintenance.ics"),
        footer.select("a").eachAttr("href"));
    assertEquals(List.of("/history.atom", "/history.rss", "/maintenance.ics"),
        page.select("head link[rel=alternate]").eachAttr("href"));
    assertEquals(List.of("application/atom+xml", "application/rss+xml", "text/calendar"),
        page.select("head link[rel=alternate]").eachAttr("type"));
    assertTrue(footer.text().contains("Powered by statuspage"));
    // no GOV.UK identity, no self-refresh
    for (String banned : new String[] {"Crown copyright", "GOV.UK", "govuk-crest", "govuk-header__logotype",
        "govuk-footer__crown", "govuk-footer__copyright-logo", "GDS Transport", "http-equiv",
        "Open Government Licence"}) {
      assertFalse(html.contains(banned), banned);
    }
  }

  @Test
  void brandingIsApplied() {
    PageView view = PageView.fresh(REFRESHED).withBranding("#00703C", "Acme", "Run by Acme Ltd.", "/accessibility");
    Document page = parse(PublicPage.render(Samples.full(), view));
    assertEquals(":root{--sp-brand:#00703c;--sp-brand-text:#ffffff;--govuk-brand-colour:#00703c}",
        one(page, "head style").data());
    assertEquals("#00703c", one(page, "meta[name=theme-color]").attr("content"));
    assertEquals("Acme", one(page, ".sp-header__name").text());
    assertEquals("Run by Acme Ltd.", one(page, "footer .sp-footer__text").text());
    assertEquals("/accessibility", one(page, "footer a:contains(Accessibility statement)").attr("href"));
    // a light brand colour gets dark header text
    Document light = parse(PublicPage.render(Samples.full(), view.withBranding("#ffdd00", null, null, null)));
    assertTrue(one(light, "head style").data().contains("--sp-brand:#ffdd00;--sp-brand-text:#0b0c0c;"));
    assertTrue(light.select("footer a:contains(Accessibility statement)").isEmpty());
    assertTrue(light.select("footer .sp-footer__text").isEmpty());
    assertTrue(one(page(Samples.full()), "head style").data().contains("--sp-brand:#1d70b8;"));
  }

  @Test
  void cspAllowsExactlyTheInlineStyleAndSnippet() throws Exception {
    PageView view = PageView.fresh(REFRESHED).withBranding("#123456", null, null, null);
    String html = PublicPage.render(Samples.full(), view);
    String style = html.substring(html.indexOf("<style>") + 7, html.indexOf("</style>"));
    String script = html.substring(html.indexOf("<script>") + 8, html.indexOf("</script>"));
    String csp = PublicPage.contentSecurityPolicy(view);
    assertTrue(csp.contains("style-src 'self' 'sha256-" + sha256(style) + "'"), csp);
    assertTrue(csp.contains("script-src 'self' 'sha256-" + sha256(script) + "'"), csp);
    assertEquals(Layout.INLINE_SCRIPT_CSP_HASH, "'sha256-" + sha256(script) + "'", "the pinned GOV.UK hash");
    assertFalse(csp.contains("unsafe-inline"));
    assertEquals(1, html.split("<style>", -1).length - 1, "one inline style");
    assertEquals(1, html.split("<script>", -1).length - 1, "one inline script");
    assertFalse(html.contains(" style=\""), "no style attributes");
    assertFalse(html.matches("(?s).*\\son[a-z]+=.*"), "no event handler attributes");
  }

  private static String sha256(String s) throws Exception {
    return java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
        .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void badBrandingConfigurationIsRejected() {
    PageView view = PageView.fresh(REFRESHED);
    assertThrows(IllegalArgumentException.class, () -> view.withBranding("red;}body{display:none", null, null, null));
    assertThrows(IllegalArgumentException.class, () -> view.withBranding("#fff", null, null, null));
    assertThrows(IllegalArgumentException.class, () -> view.withBranding(null, null, null, "javascript:alert(1)"));
    assertThrows(IllegalArgumentException.class, () -> view.withBranding(null, null, null, "//evil.test/"));
    assertEquals(PageView.DEFAULT_BRAND_COLOUR, view.withBranding("  ", null, null, null).brandColour());
  }

  @Test
  void toleratesMissingAndMistypedFields() {
    JsonObject odd = new JsonObject()
        .put("page", "not an object")
        .put("components", new JsonArray().add("x").add(new JsonObject().put("name", 42).put("status", 7))
            .add(new JsonObject().put("id", "c9").put("name", "Dated").put("created_at", "not a date")))
        .put("incidents", new JsonObject())
        .put("status", new JsonArray());
    Document page = parse(PublicPage.render(odd, null));
    assertEquals("Service status", one(page, "h1").text());
    assertEquals(List.of("42"), names(one(page, "main ul.sp-components")),
        "a component the model cannot read is left out, not the page");
    assertEquals("status: Unknown", one(page, ".sp-component .govuk-tag").text());
    assertEquals("No incidents reported.", page.select(".sp-empty").last().text());
    assertEquals("No components are listed.", one(parse(PublicPage.render((JsonObject) null, null)), ".sp-empty")
        .text());
  }

  @Test
  void fieldsTheContractModelDoesNotKnowAreIgnored() {
    JsonObject s = Samples.summary(Samples.component("c1", "API", "operational").put("future_field", List.of(1)));
    s.getJsonObject("page").put("branding", new JsonObject().put("x", 1));
    Document page = page(s);
    assertEquals("Acme Cloud status", one(page, "h1").text());
    assertEquals(List.of("API"), names(one(page, "main ul.sp-components")));
  }

  @Test
  void subscribePageNamesThePageAndHasItsForms() {
    Document page = parse(PublicPage.subscribe(Samples.summary(), PageView.of(REFRESHED, true)));
    assertEquals("Subscribe to updates - Acme Cloud status", page.title());
    assertEquals("Subscribe to updates", one(page, "h1").text());
    assertEquals("/subscribe", one(page, "nav a[aria-current=page]").attr("href"));
    assertTrue(one(page, "main").text().contains("Hear about incidents and scheduled maintenance of Acme Cloud"));
    assertEquals(List.of("Subscribe by email", "Register webhook"), page.select("main form button").eachText());
    assertEquals("/api/v2/status.json", one(page, "main ul.govuk-list a").attr("href"));
    assertEquals("true", page.body().attr("data-stale"));
    JsonObject hostile = Samples.summary();
    hostile.getJsonObject("page").put("name", "<i>Acme</i>");
    String html = PublicPage.subscribe(hostile, null);
    assertFalse(html.contains("<i>"));
    assertEquals("Subscribe to updates - <i>Acme</i> status", parse(html).title());
  }

  @Test
  void errorPageSaysWhatWentWrongAndHasAWayBack() {
    String html = PublicPage.error(404, "Not Found", "No such resource: /<script>x</script>", null);
    Document page = parse(html);
    assertEquals("Not Found (404)", page.title());
    assertEquals("Not Found", one(page, "h1").text());
    assertEquals("No such resource: /<script>x</script>", one(page, "main p").text());
    assertEquals("/", one(page, "main a:contains(Go to the current status)").attr("href"));
    assertTrue(page.select("nav a[aria-current]").isEmpty(), "no navigation item is current");
    assertFalse(page.body().hasAttr("data-stale"));
    assertEquals("Status", one(page, ".sp-header__name").text());
  }
}
