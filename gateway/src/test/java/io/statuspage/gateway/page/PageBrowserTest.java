package io.statuspage.gateway.page;

import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.PageSummary;
import io.statuspage.gateway.IncidentSamples;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static io.statuspage.gateway.page.Pages.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pages in a real browser (headless Chromium), served with their assets from a loopback Vert.x server. */
class PageBrowserTest {

  private static final String HTML = "text/html; charset=utf-8";
  /** Where the axe-core webjar keeps its script: {@code META-INF/resources/webjars/axe-core/<version>/axe.min.js}. */
  private static final String AXE_POM = "META-INF/maven/org.webjars.npm/axe-core/pom.properties";

  private static Vertx vertx;
  private static HttpServer server;
  private static String base;

  @BeforeAll
  static void serve() throws Exception {
    assertTrue(Chromium.available(), "The page tests need Debian's chromium at " + Chromium.BINARY
      + " (apt-get install chromium; .ci/run does it)");
    vertx = Vertx.vertx();
    PageView view = PageView.of(Instant.parse("2026-11-18T14:07:00Z"), false)
        .withBranding("#00703c", null, "Run by the Acme platform team.", "/accessibility");
    JsonObject full = Samples.full();
    full.getJsonArray("components").getJsonObject(3)
        .put("description", "Managed PostgreSQL: see the **runbook** and [the docs](https://example.test/db)");
    String page = PublicPage.render(full, view);
    String csp = PublicPage.contentSecurityPolicy(view);
    PageView staleView = PageView.of(Instant.parse("2026-11-18T14:07:00Z"), true);
    String stale = PublicPage.render(full, staleView);
    String subscribe = PublicPage.subscribe(full, view);
    String error = PublicPage.error(404, "Not Found", "No such resource: /incidents/nope", null);
    // the subscription pages in their other states: a refused form, a subscriber's manage page, a webhook's secret
    SubscribePages.Site site = SubscribePages.site(full, view);
    String subscribeError = SubscribePages.subscribe(site, null, new SubscribePages.Form("dev@example.com",
        "https://localhost/hook", "slack", true, java.util.Set.of(), new java.util.LinkedHashMap<>(java.util.Map.of(
        "endpoint", "Enter a webhook URL that starts with https:// and reaches a public address",
        "webhook-scope", "Choose at least one component, or choose all components"))));
    String manage = SubscribePages.manage(site, "tok", new JsonObject().put("mode", "email")
        .put("email", "ops@example.com").put("components", new JsonArray().add("cmp000000001")), null, true);
    String secret = SubscribePages.webhookRegistered(site, "https://hooks.example.com/x", "whsec_abc");
    String docs = ApiDocs.render(Samples.contractYaml(), view);
    // the incident pages with incidents present: a timeline with a postmortem, a maintenance, history with paging
    Incident resolved = IncidentPageTest.resolvedWithPostmortem();
    Incident maintenance = IncidentSamples.maintenance("mnt000000001", "Database upgrade",
        IncidentStatus.IN_PROGRESS, "2026-11-18T13:00:00Z", "2026-11-18T16:00:00Z");
    Incident old = IncidentSamples.incident("old000000001", "Slow dashboard", IncidentStatus.RESOLVED,
        "2026-06-03T08:00:00Z");
    PageSummary london = IncidentSamples.page("Europe/London");
    String history = PublicPage.history(london, List.of(resolved, maintenance, old), view).get("/history");
    String incident = PublicPage.incident(london, resolved, view);
    String maintenancePage = PublicPage.incident(london, maintenance, view);
    // The page with 90 days of uptime bars and response charts for each component.
    io.statuspage.api.model.Summary summary = Summaries.read(full);
    Instant now = Instant.parse("2026-11-18T14:07:00Z");
    String graphs = PublicPage.render(summary, Summaries.incidents(full),
        io.statuspage.gateway.snapshot.UptimeData.of(summary.getPage(), summary.getComponents(),
            UptimeSamples.part(7, java.time.LocalDate.of(2026, 11, 18), now), Summaries.incidents(full),
            java.time.ZoneOffset.UTC, now), view);
    Router router = Router.router(vertx);
    router.route("/assets/*").subRouter(Assets.router(vertx, true));
    serve(router, "/a11y/uptime", withAxe(graphs), csp);
    // The page's own policy, but framed by the 320 px test page of this origin.
    serve(router, "/measure/uptime", withScript(graphs, "/measure/uptime.js"),
        csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'"));
    router.get("/measure/frame").handler(ctx -> ctx.response().putHeader("Content-Type", HTML)
        .end("<!DOCTYPE html><html lang=\"en\"><title>320 px</title><iframe id=\"frame\" title=\"page\" "
            + "src=\"/measure/uptime\" width=\"320\" height=\"1600\"></iframe>"
            + "<script src=\"/measure/frame.js\"></script></html>"));
    serve(router, "/", page, csp);
    serve(router, "/nojs/", page, Chromium.NO_SCRIPT_CSP);
    serve(router, "/stale", stale, Chromium.NO_SCRIPT_CSP);
    serve(router, "/docs", docs, Chromium.NO_SCRIPT_CSP);
    // The same pages with axe-core added, under their real policies (axe comes from this origin, like the assets).
    serve(router, "/a11y/status", withAxe(page), csp);
    serve(router, "/a11y/stale", withAxe(stale), PublicPage.contentSecurityPolicy(staleView));
    serve(router, "/a11y/subscribe", withAxe(subscribe), csp);
    serve(router, "/a11y/subscribe-error", withAxe(subscribeError), csp);
    serve(router, "/a11y/manage", withAxe(manage), csp);
    serve(router, "/a11y/webhook", withAxe(secret), csp);
    serve(router, "/a11y/error", withAxe(error), PublicPage.contentSecurityPolicy(PageView.defaults()));
    serve(router, "/a11y/docs", withAxe(docs), csp);
    serve(router, "/a11y/history", withAxe(history), csp);
    serve(router, "/a11y/incident", withAxe(incident), csp);
    serve(router, "/a11y/maintenance", withAxe(maintenancePage), csp);
    serve(router, "/nojs/history", history, Chromium.NO_SCRIPT_CSP);
    serve(router, "/nojs/incident", incident, Chromium.NO_SCRIPT_CSP);
    // the docs page's old fault back in: regions named alike, as every "Responses" table's was
    serve(router, "/a11y/broken", withAxe(docs.replaceAll("aria-label=\"Responses of [^\"]*\"",
        "aria-label=\"Responses\"")), csp);
    Buffer measure = resource("page/measure-uptime.js");
    router.get("/measure/uptime.js").handler(ctx -> ctx.response().putHeader("Content-Type", "text/javascript")
        .end(measure));
    Buffer frame = resource("page/measure-frame.js");
    router.get("/measure/frame.js").handler(ctx -> ctx.response().putHeader("Content-Type", "text/javascript")
        .end(frame));
    Buffer axe = resource(axeScript());
    Buffer run = resource("page/axe-run.js");
    router.get("/a11y/axe.min.js").handler(ctx -> ctx.response().putHeader("Content-Type", "text/javascript")
        .end(axe));
    router.get("/a11y/axe-run.js").handler(ctx -> ctx.response().putHeader("Content-Type", "text/javascript")
        .end(run));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + server.actualPort();
  }

  private static void serve(Router router, String path, String html, String csp) {
    router.get(path).handler(ctx -> ctx.response().putHeader("Content-Type", HTML)
        .putHeader("Content-Security-Policy", csp).end(html));
  }

  /** The test-only variant of a page: {@code script} (from this origin) as the last script. */
  private static String withScript(String html, String script) {
    int end = html.lastIndexOf("</body>");
    return html.substring(0, end) + "<script src=\"" + script + "\"></script>\n" + html.substring(end);
  }

  /** The test-only variant of a page: axe-core and its runner as the last scripts. */
  private static String withAxe(String html) {
    int end = html.lastIndexOf("</body>");
    return html.substring(0, end) + "<script src=\"/a11y/axe.min.js\"></script>"
        + "<script src=\"/a11y/axe-run.js\"></script>\n" + html.substring(end);
  }

  private static String axeScript() throws IOException {
    Properties pom = new Properties();
    try (InputStream in = PageBrowserTest.class.getClassLoader().getResourceAsStream(AXE_POM)) {
      assertNotNull(in, "the axe-core webjar is not on the test classpath");
      pom.load(in);
    }
    return "META-INF/resources/webjars/axe-core/" + pom.getProperty("version") + "/axe.min.js";
  }

  private static Buffer resource(String name) throws IOException {
    try (InputStream in = PageBrowserTest.class.getClassLoader().getResourceAsStream(name)) {
      assertNotNull(in, name + " is not on the test classpath");
      return Buffer.buffer(in.readAllBytes());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "stale", "subscribe", "subscribe-error", "manage", "webhook", "error", "docs",
      "history", "incident", "maintenance", "uptime"})
  void axeFindsNoWcagViolations(String page) throws Exception {
    Document dom = Pages.parse(Chromium.dumpDomAfterScripts(base + "/a11y/" + page, Duration.ofSeconds(20)));
    JsonObject results = new JsonObject(one(dom, "pre#axe-results").text());
    assertFalse(results.containsKey("error"), results.encodePrettily());
    assertTrue(results.getString("version").startsWith("4."), results.encode());
    JsonArray violations = results.getJsonArray("violations");
    assertEquals(new JsonArray(), violations, page + ": " + violations.encodePrettily());
  }

  /**
   * At 320 px (in an iframe that wide: headless windows are at least 500 px) the bars show the last 30 days, each wide
   * enough to see, without scrolling sideways; wide, all 90.
   */
  @ParameterizedTest
  @ValueSource(ints = {320, 1100})
  void uptimeBarsAreReadableFrom320PxWide(int width) throws Exception {
    Chromium.Result r = Chromium.run(List.of("--window-size=1100,1600", "--virtual-time-budget=5000",
        "--dump-dom"), base + (width == 320 ? "/measure/frame" : "/measure/uptime"));
    assertEquals(0, r.exitCode(), r.stderr());
    JsonObject m = new JsonObject(one(Pages.parse(r.stdout()), "pre#measure").text());
    assertEquals(width, m.getInteger("innerWidth"), m.encode());
    assertTrue(m.getInteger("scrollWidth") <= m.getInteger("innerWidth"), "no sideways scrolling: " + m.encode());
    if (width == 320) {
      assertEquals(30, m.getInteger("visibleDays"), m.encode());
      assertTrue(m.getDouble("narrowestDay") >= 4, "a day is at least 4 px wide: " + m.encode());
      assertFalse(m.getBoolean("legend90"), m.encode());
      assertTrue(m.getBoolean("legend30"), m.encode());
    } else {
      assertEquals(90, m.getInteger("visibleDays"), m.encode());
      assertTrue(m.getBoolean("legend90"), m.encode());
      assertFalse(m.getBoolean("legend30"), m.encode());
    }
  }

  @Test
  void axeCheckFailsOnAViolation() throws Exception {
    Document dom = Pages.parse(Chromium.dumpDomAfterScripts(base + "/a11y/broken", Duration.ofSeconds(20)));
    JsonArray violations = new JsonObject(one(dom, "pre#axe-results").text()).getJsonArray("violations");
    assertEquals(List.of("landmark-unique"), violations.stream().map(v -> ((JsonObject) v).getString("id")).toList(),
        violations.encodePrettily());
  }

  @Test
  void domWithJavaScriptOffHasTheHeadingComponentsAndStatusWords() throws Exception {
    String dom = Chromium.dumpDom(base + "/nojs/");
    assertTrue(dom.contains("<h1 class=\"govuk-heading-xl\">Acme Cloud status</h1>"), dom);
    for (String text : new String[] {"Platform", "API", "Web application", "Database", "CDN", "Email sending",
        "Operational", "Under maintenance", "Degraded performance", "Partial outage", "Major outage",
        "Major System Outage", "Emails delayed", "Database upgrade"}) {
      assertTrue(dom.contains(text), "missing " + text);
    }
    assertFalse(dom.contains("Legacy SMS gateway"));
    assertTrue(dom.contains("<strong>runbook</strong>"), "the description's Markdown");
    assertTrue(bodyTag(dom).contains("class=\"govuk-template__body\""), "script ran: " + bodyTag(dom));
    assertFalse(dom.contains("data-govuk-service-navigation-init"), "script ran although JavaScript was off");
  }

  @Test
  void incidentPagesAndHistoryWorkWithJavaScriptOff() throws Exception {
    Document incident = Pages.parse(Chromium.dumpDom(base + "/nojs/incident"));
    assertEquals("Emails delayed", one(incident, "h1").text());
    assertEquals(3, incident.select("ol.sp-timeline > li").size());
    assertEquals("What happened", one(incident, ".sp-postmortem h2").text());
    Document history = Pages.parse(Chromium.dumpDom(base + "/nojs/history"));
    assertEquals(List.of("November 2026", "October 2026", "September 2026"),
        history.select("main h2.govuk-heading-l").eachText());
    assertEquals("/incidents/inc000000001", history.select(".sp-log__entry a").get(1).attr("href"));
    assertEquals("/history/2026-08", one(history, "a[rel=next]").attr("href"));
  }

  @Test
  void statusPageShowsTheMaintenanceBannerTheActiveIncidentAndTheLog() throws Exception {
    Document page = Pages.parse(Chromium.dumpDom(base + "/nojs/"));
    assertEquals("Database upgrade", one(page, ".govuk-notification-banner .sp-maintenance a").text());
    assertEquals("/incidents/inc000000001", one(page, ".sp-event h3 a").attr("href"));
    assertEquals(14, page.select("h3.sp-log__day").size());
    assertEquals("Emails delayed", one(page, ".sp-log__entry a").text());
  }

  @Test
  void javaScriptEnhancementLoadsTheGovukModuleFromTheAssetsUnderTheStrictCsp() throws Exception {
    Chromium.Result run = Chromium.load(base + "/");
    String dom = run.stdout();
    assertEquals(List.of(), Chromium.console(run), "console errors or CSP violations");
    assertTrue(bodyTag(dom).contains("govuk-frontend-supported"), "inline snippet did not run: " + bodyTag(dom));
    // initAll() marks each initialised component; only happens if /assets/*.js loaded as modules
    assertTrue(dom.contains("data-govuk-service-navigation-init"), "initAll did not run");
    assertTrue(dom.contains("data-govuk-skip-link-init"), "initAll did not run");
  }

  private static String bodyTag(String dom) {
    int start = dom.indexOf("<body");
    return dom.substring(start, dom.indexOf('>', start) + 1);
  }

  @Test
  void staleDomCarriesTheWarning() throws Exception {
    String dom = Chromium.dumpDom(base + "/stale");
    assertTrue(dom.contains("data-stale=\"true\""));
    assertTrue(dom.contains("This page may be out of date. It was last updated at"));
  }

  @Test
  void docsDomListsTheOperations() throws Exception {
    String dom = Chromium.dumpDom(base + "/docs");
    assertTrue(dom.contains("/v1/pages/{page_id}/components/{component_id}"));
    assertTrue(dom.contains("getSummary"));
    assertTrue(dom.contains("Authentication"));
  }

  @Test
  void screenshotIsAPng() throws Exception {
    Path png = Files.createTempFile("statuspage-page-", ".png");
    try {
      Chromium.screenshot(base + "/", png, 1100, 1600);
      byte[] bytes = Files.readAllBytes(png);
      assertTrue(bytes.length > 10_000, "suspiciously small screenshot: " + bytes.length);
      assertEquals((byte) 0x89, bytes[0]);
      assertEquals('P', bytes[1]);
      assertEquals('N', bytes[2]);
      assertEquals('G', bytes[3]);
      Files.copy(png, Path.of(System.getProperty("java.io.tmpdir"), "statuspage-page.png"),
          StandardCopyOption.REPLACE_EXISTING);
      // the header has the configured brand colour: the inline style passed the CSP by its hash
      BufferedImage image = ImageIO.read(png.toFile());
      assertEquals(1100, image.getWidth());
      assertEquals(0x00703c, image.getRGB(5, 5) & 0xffffff, "header colour");
      Path docs = Chromium.screenshot(base + "/docs", Path.of(System.getProperty("java.io.tmpdir"),
          "statuspage-docs.png"), 1100, 2400);
      assertTrue(Files.size(docs) > 10_000);
      Chromium.screenshot(base + "/stale", Path.of(System.getProperty("java.io.tmpdir"),
          "statuspage-page-320.png"), 320, 1600);
    } finally {
      Files.deleteIfExists(png);
    }
  }
}
