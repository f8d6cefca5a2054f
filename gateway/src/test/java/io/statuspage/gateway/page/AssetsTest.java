package io.statuspage.gateway.page;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AssetsTest {

  private static Vertx vertx;
  private static HttpServer server;
  private static String base;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route("/assets/*").subRouter(Assets.router(vertx, true));
    router.get("/plain/assets/*").handler(Assets.handler(false)); // mounted as a plain handler too, no gzip
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + server.actualPort();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @ParameterizedTest
  @CsvSource({
      "/assets/govuk-frontend.min.css, text/css; charset=utf-8",
      "/assets/govuk-frontend.min.js, text/javascript; charset=utf-8",
      "/assets/statuspage.css, text/css; charset=utf-8",
      "/assets/statuspage.js, text/javascript; charset=utf-8",
      "/assets/favicon.svg, image/svg+xml",
      "/assets/images/favicon.ico, image/x-icon",
      "/assets/images/govuk-icon-180.png, image/png",
      "/plain/assets/statuspage.css, text/css; charset=utf-8"})
  void servesWithTypeStrongEtagAndCaching(String path, String type) throws Exception {
    HttpResponse<byte[]> r = get(path);
    assertEquals(200, r.statusCode());
    assertEquals(type, r.headers().firstValue("content-type").orElse(""));
    String etag = r.headers().firstValue("etag").orElse("");
    assertTrue(etag.matches("\"[A-Za-z0-9_-]{20,}\""), "strong etag: " + etag);
    assertEquals("public, max-age=86400", r.headers().firstValue("cache-control").orElse(""));
    assertEquals("nosniff", r.headers().firstValue("x-content-type-options").orElse(""));
    assertTrue(r.body().length > 0);
  }

  @Test
  void conditionalRequestGets304() throws Exception {
    HttpResponse<byte[]> first = get("/assets/govuk-frontend.min.css");
    String etag = first.headers().firstValue("etag").orElseThrow();
    HttpResponse<byte[]> again = get("/assets/govuk-frontend.min.css", "If-None-Match", etag);
    assertEquals(304, again.statusCode());
    assertEquals(0, again.body().length);
    assertEquals(etag, again.headers().firstValue("etag").orElse(""));
    assertEquals(304, get("/assets/govuk-frontend.min.css", "If-None-Match", "\"x\", W/" + etag).statusCode());
    assertEquals(200, get("/assets/govuk-frontend.min.css", "If-None-Match", "\"other\"").statusCode());
    assertNotEquals(etag, get("/assets/statuspage.css").headers().firstValue("etag").orElse(""));
  }

  @Test
  void textAssetsComeGzippedWhenAskedAndCompressionIsOnImagesNever() throws Exception {
    HttpResponse<byte[]> plain = get("/assets/govuk-frontend.min.css");
    HttpResponse<byte[]> gzip = get("/assets/govuk-frontend.min.css", "Accept-Encoding", "gzip");
    assertEquals("gzip", gzip.headers().firstValue("content-encoding").orElse(""));
    assertTrue(gzip.body().length < plain.body().length / 3, "compressed: " + gzip.body().length);
    try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
        new java.io.ByteArrayInputStream(gzip.body()))) {
      assertArrayEquals(plain.body(), in.readAllBytes());
    }
    assertEquals("Accept-Encoding", gzip.headers().firstValue("vary").orElse(""));
    assertTrue(get("/assets/images/govuk-icon-180.png", "Accept-Encoding", "gzip").headers()
        .firstValue("content-encoding").isEmpty(), "a PNG is already compressed");
    assertTrue(get("/plain/assets/statuspage.css", "Accept-Encoding", "gzip").headers()
        .firstValue("content-encoding").isEmpty(), "compression off");
  }

  @Test
  void headHasNoBody() throws Exception {
    HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/assets/statuspage.css"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    assertEquals(0, r.body().length);
    assertEquals("text/css; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/assets/nope.css", "/assets/", "/assets/fonts/light-94a07e06a1-v2.woff2",
      "/assets/../pom.xml", "/assets/%2e%2e/%2e%2e/etc/passwd", "/assets/images/", "/assets/manifest.json",
      "/assets/page/statuspage.css", "/assets/govuk-frontend.min.css.map"})
  void unknownAssetIs404(String path) throws Exception {
    assertEquals(404, get(path).statusCode());
  }

  @Test
  void servedCssHasNoGdsTransportButStillTheComponents() throws Exception {
    String css = new String(get("/assets/govuk-frontend.min.css").body(), java.nio.charset.StandardCharsets.UTF_8);
    assertFalse(css.contains("GDS Transport"));
    assertFalse(css.contains("/assets/fonts/"), "font files still referenced");
    assertFalse(css.contains("Margaret Calvert"));
    assertFalse(css.contains("sourceMappingURL"));
    assertTrue(css.length() > 100_000, "CSS shrank unexpectedly: " + css.length());
    assertTrue(css.contains(".govuk-tag{"));
    assertTrue(css.contains(".govuk-tag--green{"));
    assertTrue(css.contains(".govuk-header{font-family:\"Helvetica Neue\",Helvetica,arial,sans-serif;"));
    assertEquals(count(css, '{'), count(css, '}'), "unbalanced braces");
  }

  @Test
  void rewriteToleratesSpacingAndQuotes() {
    String css = "@font-face { font-family: \"GDS Transport\"; src: url(/assets/fonts/a.woff2) } "
        + "@font-face{font-family:GDS Transport;font-weight:700;src:url(/assets/fonts/b.woff2)}"
        + ".a{font-family: 'GDS Transport' , arial, sans-serif}.b{font-family:GDS Transport,arial,sans-serif}"
        + "/*! Copyright (c) 2011 by Margaret Calvert & Henrik Kubel. All rights reserved. */";
    String out = Assets.withoutGdsTransport(css);
    assertFalse(out.contains("GDS Transport"), out);
    assertFalse(out.contains("@font-face"), out);
    assertFalse(out.contains("Calvert"), out);
    assertTrue(out.contains(".a{font-family:\"Helvetica Neue\",Helvetica,arial, sans-serif}"), out);
    assertTrue(out.contains(".b{font-family:\"Helvetica Neue\",Helvetica,arial,sans-serif}"), out);
  }

  @Test
  void javascriptExportsInitAll() throws Exception {
    String js = new String(get("/assets/govuk-frontend.min.js").body(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(js.contains("initAll"));
    String init = new String(get("/assets/statuspage.js").body(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(init.contains("import { initAll } from './govuk-frontend.min.js'"));
  }

  @Test
  void localStylesheetCoversTheBrief() throws Exception {
    String css = new String(get("/assets/statuspage.css").body(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(css.contains("font-family: \"Helvetica Neue\", Helvetica, Arial, sans-serif;"));
    assertTrue(css.contains(".sp-tag {\n  max-width: none;"));
    assertTrue(css.contains("@media (forced-colors: active)"));
    assertFalse(css.contains("animation"));
    assertFalse(css.contains("transition"));
  }

  private static long count(String s, char c) {
    return s.chars().filter(ch -> ch == c).count();
  }
}
