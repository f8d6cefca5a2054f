package io.statuspage.gateway.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Whether a form POST comes from this site's own pages: the defence against cross-site request forgery for the
 * public forms, which must work without JavaScript and without cookies.
 *
 * <p>Why headers and not a token in a hidden field: a token only helps when it is tied to the visitor (a cookie or a
 * session), and these pages have neither; an unbound token can be fetched by the forging site as easily as by anyone.
 * Browsers say where a request comes from instead: every current browser sends {@code Sec-Fetch-Site} (Fetch
 * Metadata), which a page cannot set or remove, so it is trusted first; {@code same-origin} (and {@code none}, a
 * request the person made themselves) pass, {@code same-site} and {@code cross-site} do not. Without it, the
 * {@code Origin} header must name this host (or the configured page URL); {@code Origin: null} (a sandboxed or
 * privacy-stripped origin) does not pass; the site's pages are {@code Referrer-Policy: same-origin} so that browsers
 * send their real origin on its forms (with {@code no-referrer} they would send {@code null}). A request with none of these headers
 * is not from a browser, so not a forgery: scripts are held back by the rate limit instead. This is the rule of Go's
 * {@code http.CrossOriginProtection} and of OWASP's Fetch Metadata guidance.
 */
final class SameOrigin {

  private final String pageOrigin;

  /** @param pageUrl the page's public URL ({@code page.url}), also accepted as the origin; may be null */
  SameOrigin(String pageUrl) {
    this.pageOrigin = pageUrl == null ? null : origin(pageUrl);
  }

  boolean allows(HttpServerRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null) {
      String s = site.trim().toLowerCase(Locale.ROOT);
      return s.equals("same-origin") || s.equals("none");
    }
    String origin = request.getHeader("Origin");
    if (origin != null) {
      return matches(origin(origin.trim()), request);
    }
    String referer = request.getHeader("Referer");
    return referer == null || matches(origin(referer.trim()), request);
  }

  private boolean matches(String origin, HttpServerRequest request) {
    if (origin == null) {
      return false;
    }
    if (origin.equals(pageOrigin)) {
      return true;
    }
    HostAndPort host = request.authority();
    if (host == null) {
      return false;
    }
    URI uri = URI.create(origin);
    if (!uri.getHost().equalsIgnoreCase(host.host())) {
      return false;
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    // A Host without a port is the scheme's default one, whatever a proxy in front terminated.
    return host.port() >= 0 ? port == host.port() : uri.getPort() < 0;
  }

  /** {@code scheme://host[:port]} of an http(s) URL in lower case, or null when it is none ("null", say). */
  static String origin(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
        return null;
      }
      int defaultPort = scheme.equals("https") ? 443 : 80;
      return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
        + (uri.getPort() < 0 || uri.getPort() == defaultPort ? "" : ":" + uri.getPort());
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
