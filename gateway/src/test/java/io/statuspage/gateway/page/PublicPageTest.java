package io.statuspage.gateway.page;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublicPageTest {

  private static final Instant REFRESHED = Instant.parse("2026-11-18T14:00:00Z");

  private static String render(JsonObject summary) {
    return PublicPage.render(summary, PageView.fresh(REFRESHED));
  }

  /** The {@code <li>} of the component with this id (up to its closing tag; members' ones are not nested). */
  private static String item(String html, String id) {
    int start = html.indexOf("data-component-id=\"" + id + "\"");
    assertTrue(start >= 0, "no component " + id);
    int end = html.indexOf("</li>", start);
    return html.substring(start, end);
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
    String html = render(Samples.summary(Samples.component("c1", "API", status)));
    String li = item(html, "c1");
    assertTrue(li.contains("<strong class=\"govuk-tag " + tagClass + " sp-tag\"><span class=\"govuk-visually-hidden\">"
        + "status: </span>" + words + "</strong>"), li);
    assertFalse(li.contains("exploded"));
  }

  @Test
  void membersAreListedUnderTheirGroupWhichShowsItsWorstStatus() {
    String html = render(Samples.summary(
        Samples.component("top1", "Website", "operational"),
        Samples.group("g1", "Backend", "partial_outage", "m1", "m2"),
        Samples.component("m1", "Queue", "degraded_performance").put("group_id", "g1"),
        Samples.component("m2", "Workers", "partial_outage").put("group_id", "g1"),
        Samples.component("top2", "Docs", "operational")));
    int group = html.indexOf("data-component-id=\"g1\"");
    int members = html.indexOf("<ul class=\"sp-components sp-components--members\"", group);
    int membersEnd = html.indexOf("</ul>", members);
    assertTrue(group > 0 && members > group, html);
    String nested = html.substring(members, membersEnd);
    assertTrue(nested.contains("Queue") && nested.contains("Workers"), nested);
    assertFalse(nested.contains("Website") || nested.contains("Docs"));
    // display order kept: Website, Backend, Docs
    assertTrue(html.indexOf("Website") < group && html.indexOf(">Docs<") > membersEnd);
    // the group heading carries the group's (worst) status
    String groupRow = html.substring(group, members);
    assertTrue(groupRow.contains("<h3 class=\"govuk-heading-m sp-group__name\""), groupRow);
    assertTrue(groupRow.contains(">Backend</h3>"));
    assertTrue(groupRow.contains("status: </span>Partial outage"), groupRow);
    assertTrue(html.contains("aria-labelledby=\"sp-group-1\"") && html.contains("id=\"sp-group-1\""));
  }

  @Test
  void groupNeverLooksBetterThanItsWorstMember() {
    String html = render(Samples.summary(
        Samples.group("g1", "Backend", "operational", "m1"),
        Samples.component("m1", "Queue", "major_outage").put("group_id", "g1")));
    String groupRow = html.substring(html.indexOf("data-component-id=\"g1\""), html.indexOf("data-component-id=\"m1\""));
    assertTrue(groupRow.contains("status: </span>Major outage"), groupRow);
  }

  @Test
  void membersFoundFromTheGroupsListWhenGroupIdIsMissing() {
    String html = render(Samples.summary(
        Samples.group("g1", "Backend", "operational", "m1"),
        Samples.component("m1", "Queue", "operational")));
    int members = html.indexOf("sp-components--members");
    assertTrue(members > 0 && html.indexOf("Queue") > members, html);
  }

  @Test
  void onlyShowIfDegradedComponentsAreHiddenWhileOperational() {
    String html = render(Samples.summary(
        Samples.component("c1", "Always shown", "operational"),
        Samples.component("c2", "Quiet when fine", "operational").put("only_show_if_degraded", true),
        Samples.component("c3", "Shown when broken", "partial_outage").put("only_show_if_degraded", true),
        Samples.group("g1", "Hidden group", "operational", "m1").put("only_show_if_degraded", true),
        Samples.component("m1", "Hidden member", "operational").put("group_id", "g1")));
    assertTrue(html.contains("Always shown"));
    assertFalse(html.contains("Quiet when fine"));
    assertTrue(html.contains("Shown when broken"));
    assertFalse(html.contains("Hidden group"));
    assertFalse(html.contains("Hidden member"));
  }

  @Test
  void noComponentsSaysSo() {
    assertTrue(render(Samples.summary()).contains("No components are listed."));
  }

  @Test
  void scriptInNamesIsEscapedEverywhere() {
    JsonObject s = Samples.summary(Samples.component("c1", "<script>alert(1)</script>", "operational"));
    s.getJsonObject("page").put("name", "<script>alert(2)</script>");
    s.put("incidents", new JsonArray().add(new JsonObject().put("name", "<img src=x onerror=alert(3)>")
        .put("status", "<b>investigating</b>").put("impact", "minor")
        .put("incident_updates", new JsonArray().add(new JsonObject().put("body", "<script>alert(4)</script>")))));
    String html = render(s);
    assertFalse(html.contains("<script>alert"), html);
    assertFalse(html.contains("<img src=x"));
    assertFalse(html.contains("<b>"));
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(html.contains("<title>&lt;script&gt;alert(2)&lt;/script&gt; status</title>"));
    assertTrue(html.contains("&lt;img src=x onerror=alert(3)&gt;"));
    assertTrue(html.contains("&lt;script&gt;alert(4)&lt;/script&gt;"));
  }

  @Test
  void quotesCannotBreakOutOfAttributes() {
    JsonObject s = Samples.summary(
        Samples.component("x\" onmouseover=\"alert(1)", "API", "operational")
            .put("description", "Says \"hi\" and 'bye' \" autofocus onfocus=\"alert(2)"));
    PageView view = PageView.fresh(REFRESHED).withBranding(null, "Logo \"quoted\"", null,
        "https://example.test/a11y?x=\"><script>alert(3)</script>");
    String html = PublicPage.render(s, view);
    assertFalse(html.contains("\" onmouseover=\""), html);
    assertFalse(html.contains("\" autofocus"));
    assertFalse(html.contains("\"><script>"));
    assertTrue(html.contains("data-component-id=\"x&quot; onmouseover=&quot;alert(1)\""));
    assertTrue(html.contains("Says &quot;hi&quot; and &#39;bye&#39;"));
    assertTrue(html.contains("href=\"https://example.test/a11y?x=&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;\""));
    assertTrue(html.contains("Logo &quot;quoted&quot;"));
    // every attribute value is a closed, quote-free string
    Matcher attrs = Pattern.compile("\\s[a-z-]+=\"([^\"]*)\"").matcher(html);
    while (attrs.find()) {
      assertFalse(attrs.group(1).contains("<"), attrs.group());
    }
  }

  @Test
  void descriptionIsHintText() {
    String html = render(Samples.summary(Samples.component("c1", "API", "operational")
        .put("description", "The public REST API")));
    assertTrue(html.contains("<p class=\"govuk-hint sp-component__description\">The public REST API</p>"));
  }

  @Test
  void staleWarningOnlyWhenStale() {
    JsonObject s = Samples.full();
    String fresh = PublicPage.render(s, PageView.of(REFRESHED, false));
    String stale = PublicPage.render(s, PageView.of(REFRESHED, true));
    assertFalse(fresh.contains("govuk-warning-text"));
    assertFalse(fresh.contains("data-stale"));
    assertFalse(fresh.contains("may be out of date"));
    assertTrue(stale.contains("<body class=\"govuk-template__body\" data-stale=\"true\">"));
    assertTrue(stale.contains("class=\"govuk-warning-text"));
    assertTrue(stale.contains("This page may be out of date. It was last updated at <time datetime=\"2026-11-18T14:00:00Z\">"
        + "18 November 2026 14:00 UTC</time>."), stale);
  }

  @Test
  void lastUpdatedAlwaysShownFallingBackToThePageUpdatedAt() {
    assertTrue(render(Samples.summary()).contains("Last updated <time datetime=\"2026-11-18T14:00:00Z\">"));
    String html = PublicPage.render(Samples.summary(), PageView.of(null, false));
    assertTrue(html.contains("Last updated <time datetime=\"2026-11-18T14:00:00Z\">18 November 2026 14:00 UTC</time>"),
        html);
  }

  @Test
  void emptyStates() {
    String html = render(Samples.summary(Samples.component("c1", "API", "operational")));
    assertTrue(html.contains("<h2 class=\"govuk-heading-l\">Scheduled maintenance</h2>"));
    assertTrue(html.contains("No maintenance is scheduled."));
    assertTrue(html.contains("<h2 class=\"govuk-heading-l\">Recent incidents</h2>"));
    assertTrue(html.contains("No incidents reported."));
    String full = render(Samples.full());
    assertFalse(full.contains("No maintenance is scheduled."));
    assertFalse(full.contains("No incidents reported."));
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
    String html = render(s);
    assertTrue(html.contains("class=\"sp-overall sp-overall--" + indicator + "\""), html);
    assertTrue(html.contains("<span class=\"govuk-visually-hidden\">Overall status: </span>" + description));
    assertTrue(html.contains("class=\"sp-icon\""));
  }

  @Test
  void unknownIndicatorNeverReachesTheClassAttribute() {
    JsonObject s = Samples.summary();
    s.put("status", new JsonObject().put("indicator", "x\" onclick=\"y").put("description", ""));
    String html = render(s);
    assertTrue(html.contains("sp-overall--unknown"));
    assertTrue(html.contains("Status unknown"));
    assertFalse(html.contains("onclick"));
  }

  @Test
  void incidentsAndMaintenanceShowTheirFields() {
    String html = render(Samples.full());
    // maintenance
    assertTrue(html.contains(">Database upgrade</h3>"));
    assertTrue(html.contains("<strong class=\"sp-event__status\">Scheduled</strong>"));
    assertTrue(html.contains("<dt class=\"govuk-summary-list__key\">Starts</dt><dd class=\"govuk-summary-list__value\">"
        + "<time datetime=\"2026-11-25T22:00:00Z\">25 November 2026 22:00 UTC</time>"));
    assertTrue(html.contains("<time datetime=\"2026-11-26T01:30:00Z\">26 November 2026 01:30 UTC</time>"));
    // incident
    assertTrue(html.contains(">Emails delayed</h3>"));
    assertTrue(html.contains("<strong class=\"sp-event__status\">Identified</strong>"));
    assertTrue(html.contains("govuk-tag--orange sp-tag\">Major</strong>"));
    assertTrue(html.contains("The issue has been identified.<br>A fix is being implemented."), html);
    assertFalse(html.contains("We are currently investigating this issue."), "only the latest update is shown");
    assertTrue(html.contains("<dt class=\"govuk-summary-list__key\">Affected</dt><dd class=\"govuk-summary-list__value\">"
        + "Email sending</dd>"));
  }

  @Test
  void timesAreShownInThePageZone() {
    JsonObject s = Samples.full();
    s.getJsonObject("page").put("time_zone", "Europe/London");
    String html = render(s);
    assertTrue(html.contains("25 November 2026 22:00 GMT"), html);
    String summer = PublicPage.render(Samples.summary(), PageView.fresh(Instant.parse("2026-07-01T12:00:00Z"))
        .withZone(ZoneId.of("Europe/London")));
    assertTrue(summer.contains("1 July 2026 13:00 BST"), summer);
    JsonObject offset = Samples.summary();
    offset.getJsonObject("page").put("time_zone", "Not/AZone");
    assertTrue(render(offset).contains("18 November 2026 14:00 UTC"));
  }

  @Test
  void pageSkeletonFollowsGovukConventionsWithoutGovukBranding() {
    String html = render(Samples.full());
    assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">"));
    assertTrue(html.contains("<title>Acme Cloud status</title>"));
    assertTrue(html.contains("<a href=\"#main-content\" class=\"govuk-skip-link\""));
    assertTrue(html.contains("<main class=\"govuk-main-wrapper\" id=\"main-content\">"));
    assertTrue(html.contains("<h1 class=\"govuk-heading-xl\">Acme Cloud status</h1>"));
    assertTrue(html.contains("<a href=\"/\" class=\"govuk-header__link govuk-header__link--homepage sp-header__link\">"
        + "<span class=\"sp-header__name\">Acme Cloud</span></a>"), html);
    assertTrue(html.contains("href=\"/\" aria-current=\"page\""));
    assertTrue(html.contains("<a class=\"govuk-service-navigation__link\" href=\"/docs\">API</a>"));
    assertTrue(html.contains("<a class=\"govuk-service-navigation__link\" href=\"/subscribe\">Subscribe</a>"));
    assertTrue(html.contains("<a href=\"/subscribe\" role=\"button\" draggable=\"false\" class=\"govuk-button"));
    assertTrue(html.contains(">Subscribe to updates</a>"));
    assertTrue(html.contains("<h2 class=\"govuk-heading-l\">Current status</h2>"));
    assertTrue(html.contains("<script>" + Layout.INLINE_SCRIPT + "</script>"));
    assertTrue(html.contains("<script type=\"module\" src=\"/assets/statuspage.js\"></script>"));
    assertTrue(html.contains("<link rel=\"stylesheet\" href=\"/assets/govuk-frontend.min.css\">"));
    assertTrue(html.contains("<link rel=\"stylesheet\" href=\"/assets/statuspage.css\">"));
    // footer
    assertTrue(html.contains("<footer class=\"govuk-footer sp-footer\">"));
    assertTrue(html.contains("href=\"/docs\">API documentation</a>"));
    assertTrue(html.contains("href=\"/api/v2/summary.json\">"));
    assertTrue(html.contains("Powered by statuspage"));
    assertFalse(html.contains("history.atom"));
    assertFalse(html.contains("Accessibility statement"), "no statement configured");
    // no GOV.UK identity, no self-refresh
    for (String banned : new String[] {"Crown copyright", "GOV.UK", "govuk-crest", "govuk-header__logotype",
        "govuk-footer__crown", "govuk-footer__copyright-logo", "GDS Transport", "http-equiv", "Open Government Licence"}) {
      assertFalse(html.contains(banned), banned);
    }
  }

  @Test
  void brandingIsApplied() {
    PageView view = PageView.fresh(REFRESHED).withBranding("#00703C", "Acme", "Run by Acme Ltd.", "/accessibility");
    String html = PublicPage.render(Samples.full(), view);
    assertTrue(html.contains("<style>:root{--sp-brand:#00703c;--sp-brand-text:#ffffff;--govuk-brand-colour:#00703c}"
        + "</style>"), html);
    assertTrue(html.contains("<meta name=\"theme-color\" content=\"#00703c\">"));
    assertTrue(html.contains("<span class=\"sp-header__name\">Acme</span>"));
    assertTrue(html.contains(">Run by Acme Ltd.</div>"));
    assertTrue(html.contains("<a class=\"govuk-footer__link\" href=\"/accessibility\">Accessibility statement</a>"));
    // a light brand colour gets dark header text
    String light = PublicPage.render(Samples.full(), view.withBranding("#ffdd00", null, null, null));
    assertTrue(light.contains("--sp-brand:#ffdd00;--sp-brand-text:#0b0c0c;"));
    assertTrue(PublicPage.render(Samples.full(), PageView.fresh(REFRESHED)).contains("--sp-brand:#1d70b8;"));
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
        .put("components", new JsonArray().add("x").add(new JsonObject().put("name", 42).put("status", 7)))
        .put("incidents", new JsonObject())
        .put("status", new JsonArray());
    String html = PublicPage.render(odd, null);
    assertTrue(html.contains("<h1 class=\"govuk-heading-xl\">Service status</h1>"));
    assertTrue(html.contains(">42</span>"));
    assertTrue(html.contains("No incidents reported."));
    assertTrue(PublicPage.render(null, null).contains("No components are listed."));
  }
}
