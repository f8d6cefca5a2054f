package io.statuspage.gateway.page;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pages in a real browser (headless Chromium), served with their assets from a loopback Vert.x server. */
class PageBrowserTest {

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
    String page = PublicPage.render(Samples.full(), view);
    String csp = PublicPage.contentSecurityPolicy(view);
    String stale = PublicPage.render(Samples.full(), PageView.of(Instant.parse("2026-11-18T14:07:00Z"), true));
    String docs = ApiDocs.render(Samples.contract());
    Router router = Router.router(vertx);
    router.route("/assets/*").subRouter(Assets.router(vertx));
    router.get("/").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", csp).end(page));
    router.get("/nojs/").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", Chromium.NO_SCRIPT_CSP).end(page));
    router.get("/stale").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", Chromium.NO_SCRIPT_CSP).end(stale));
    router.get("/docs").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", Chromium.NO_SCRIPT_CSP).end(docs));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + server.actualPort();
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
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
    assertTrue(bodyTag(dom).contains("class=\"govuk-template__body\""), "script ran: " + bodyTag(dom));
    assertFalse(dom.contains("data-govuk-service-navigation-init"), "script ran although JavaScript was off");
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
