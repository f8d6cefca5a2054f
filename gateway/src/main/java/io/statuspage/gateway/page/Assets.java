package io.statuspage.gateway.page;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Static assets of the public pages, served from memory under the mount point {@code /assets/}: GOV.UK Frontend's CSS
 * (rewritten once to drop the GDS Transport font) and JavaScript, the local {@code statuspage.css}/{@code .js}, a neutral
 * favicon and the webjar's {@code assets/images/*}. Strong ETags, {@code Cache-Control: public, max-age=86400},
 * {@code 304} on a matching {@code If-None-Match}, {@code 404} for anything else. No disk I/O per request.
 *
 * <p>Mount with {@code router.route("/assets/*").subRouter(Assets.router(vertx, true))}.
 */
public final class Assets {

  public static final String MOUNT_POINT = "/assets/";
  static final String WEBJAR = "META-INF/resources/webjars/govuk-frontend/5.14.0/dist/govuk/";
  static final String LOCAL = "page/";
  static final String CACHE_CONTROL = "public, max-age=86400";

  /** The webjar's images (GOV.UK-branded; served so the compiled CSS has no broken URL, referenced by no page). */
  private static final String[] WEBJAR_IMAGES = {
      "favicon.ico", "favicon.svg", "govuk-crest.svg", "govuk-icon-180.png", "govuk-icon-192.png",
      "govuk-icon-512.png", "govuk-icon-mask.svg", "govuk-opengraph-image.png"};

  private static final Pattern FONT_FACE = Pattern.compile(
      "@font-face\\s*\\{\\s*font-family\\s*:\\s*[\"']?GDS Transport[\"']?\\s*;[^}]*}");
  private static final Pattern FONT_FAMILY = Pattern.compile(
      "font-family\\s*:\\s*[\"']?GDS Transport[\"']?\\s*,\\s*");
  private static final Pattern FONT_LICENCE = Pattern.compile("/\\*!\\s*Copyright \\(c\\) 2011 by Margaret Calvert.*?\\*/",
      Pattern.DOTALL);
  private static final Pattern CSS_SOURCE_MAP = Pattern.compile("/\\*#\\s*sourceMappingURL=[^*]*\\*/");
  private static final Pattern JS_SOURCE_MAP = Pattern.compile("//#\\s*sourceMappingURL=\\S*\\s*$");

  /** One served file. */
  record Asset(ServedBody body, String contentType) {
  }

  private static volatile Map<String, Asset> assets;

  private Assets() {
  }

  /**
   * A router serving the assets; mount it at {@code /assets/*}. Loads (once per JVM) from the classpath. With
   * {@code compression}, clients that accept gzip get the text assets' gzip forms.
   */
  public static Router router(Vertx vertx, boolean compression) {
    Router router = Router.router(vertx);
    router.route().method(HttpMethod.GET).method(HttpMethod.HEAD).handler(handler(compression));
    return router;
  }

  /** The same as a handler, for a route whose path ends {@code /assets/*}. */
  public static Handler<RoutingContext> handler(boolean compression) {
    Map<String, Asset> loaded = assets();
    return ctx -> serve(ctx, loaded, compression);
  }

  static Map<String, Asset> assets() {
    Map<String, Asset> a = assets;
    if (a == null) {
      synchronized (Assets.class) {
        a = assets;
        if (a == null) {
          a = load();
          assets = a;
        }
      }
    }
    return a;
  }

  private static Map<String, Asset> load() {
    Map<String, Asset> m = new LinkedHashMap<>();
    String css = new String(read(WEBJAR + "govuk-frontend.min.css"), StandardCharsets.UTF_8);
    put(m, "govuk-frontend.min.css", withoutGdsTransport(css).getBytes(StandardCharsets.UTF_8),
        "text/css; charset=utf-8");
    String js = new String(read(WEBJAR + "govuk-frontend.min.js"), StandardCharsets.UTF_8);
    put(m, "govuk-frontend.min.js", JS_SOURCE_MAP.matcher(js).replaceAll("").getBytes(StandardCharsets.UTF_8),
        "text/javascript; charset=utf-8");
    put(m, "statuspage.css", read(LOCAL + "statuspage.css"), "text/css; charset=utf-8");
    put(m, "statuspage.js", read(LOCAL + "statuspage.js"), "text/javascript; charset=utf-8");
    put(m, "favicon.svg", read(LOCAL + "favicon.svg"), "image/svg+xml");
    for (String image : WEBJAR_IMAGES) {
      byte[] bytes = readOptional(WEBJAR + "assets/images/" + image);
      if (bytes != null) {
        put(m, "images/" + image, bytes, contentType(image));
      }
    }
    return Map.copyOf(m);
  }

  /**
   * Removes GDS Transport from GOV.UK Frontend's compiled CSS: its {@code @font-face} rules and licence comment go, and
   * {@code font-family:GDS Transport,arial,sans-serif} becomes {@code font-family:"Helvetica Neue",Helvetica,arial,
   * sans-serif} (the stack GOV.UK recommends for services off gov.uk). Tolerates spacing and quoting differences.
   */
  static String withoutGdsTransport(String css) {
    String out = FONT_FACE.matcher(css).replaceAll("");
    out = FONT_FAMILY.matcher(out).replaceAll("font-family:\"Helvetica Neue\",Helvetica,");
    out = FONT_LICENCE.matcher(out).replaceAll("");
    out = CSS_SOURCE_MAP.matcher(out).replaceAll("");
    // Any other mention (a future layout of the file) must still not load or name the font.
    return out.replaceAll("[\"']?GDS Transport[\"']?", "\"Helvetica Neue\"");
  }

  private static void serve(RoutingContext ctx, Map<String, Asset> loaded, boolean compression) {
    String path = ctx.normalizedPath();
    String mount = ctx.mountPoint();
    String tail = ctx.pathParam("*");
    if (tail != null) {
      path = tail;
    } else if (mount != null && path.startsWith(mount)) {
      path = path.substring(mount.length());
    } else if (path.startsWith(MOUNT_POINT)) {
      path = path.substring(MOUNT_POINT.length());
    }
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    HttpServerResponse res = ctx.response();
    Asset asset = loaded.get(path);
    if (asset == null) {
      // The router's error handler answers, as for any unknown path.
      ctx.fail(404);
      return;
    }
    ServedBody body = asset.body();
    boolean gzip = compression && body.gzipFor(ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING));
    res.putHeader(HttpHeaders.ETAG, gzip ? body.gzipEtag() : body.etag())
        .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
        .putHeader(HttpHeaders.VARY, "Accept-Encoding")
        .putHeader("X-Content-Type-Options", "nosniff");
    String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    if (matches(ifNoneMatch, body.etag()) || matches(ifNoneMatch, body.gzipEtag())) {
      res.setStatusCode(304).end();
      return;
    }
    res.putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType());
    Buffer bytes = gzip ? body.gzip() : body.identity();
    if (gzip) {
      res.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
    }
    if (ctx.request().method() == HttpMethod.HEAD) {
      res.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(bytes.length())).end();
    } else {
      res.end(bytes);
    }
  }

  /** If-None-Match uses the weak comparison: {@code *}, or any listed tag equal ignoring {@code W/}. */
  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.strip();
      if (c.equals("*")) {
        return true;
      }
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static void put(Map<String, Asset> m, String name, byte[] bytes, String contentType) {
    Buffer body = Buffer.buffer(bytes);
    boolean compressed = contentType.startsWith("image/png") || contentType.startsWith("image/x-icon");
    m.put(name, new Asset(compressed ? ServedBody.binary(body, etag(bytes)) : ServedBody.text(body, etag(bytes)),
        contentType));
  }

  static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String contentType(String name) {
    if (name.endsWith(".svg")) {
      return "image/svg+xml";
    }
    if (name.endsWith(".png")) {
      return "image/png";
    }
    if (name.endsWith(".ico")) {
      return "image/x-icon";
    }
    return "application/octet-stream";
  }

  private static byte[] read(String resource) {
    byte[] bytes = readOptional(resource);
    if (bytes == null) {
      throw new IllegalStateException("missing classpath resource " + resource);
    }
    return bytes;
  }

  private static byte[] readOptional(String resource) {
    ClassLoader cl = Assets.class.getClassLoader();
    try (InputStream in = cl.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
