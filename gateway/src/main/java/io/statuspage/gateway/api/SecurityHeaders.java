package io.statuspage.gateway.api;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The baseline every response carries: no MIME sniffing, no referrer sent to other sites ({@code same-origin}: a
 * browser still names this site as the origin of its own forms, which older browsers without Fetch Metadata need
 * for {@link SameOrigin}; pages whose address holds a token send none at all, see {@link SubscriberPages}), and a
 * Content-Security-Policy that forbids framing. Non-HTML bodies get a policy that allows nothing at all; an HTML responder replaces it with the
 * page's own policy ({@link #html}).
 */
public final class SecurityHeaders {

  /** The policy of every response that is not a page: nothing may load, nothing may frame it. */
  public static final String NOTHING = "default-src 'none'; frame-ancestors 'none'";

  static final CharSequence NOSNIFF_NAME = HttpHeaders.createOptimized("X-Content-Type-Options");
  static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
  static final CharSequence REFERRER_POLICY_NAME = HttpHeaders.createOptimized("Referrer-Policy");
  static final CharSequence NO_REFERRER = HttpHeaders.createOptimized("no-referrer");
  static final CharSequence SAME_ORIGIN = HttpHeaders.createOptimized("same-origin");
  static final CharSequence CSP_NAME = HttpHeaders.createOptimized("Content-Security-Policy");
  static final CharSequence CSP_NOTHING = HttpHeaders.createOptimized(NOTHING);

  private SecurityHeaders() {
  }

  /** Adds the baseline; an HTML responder later sets its own policy over the default one. */
  public static void apply(MultiMap headers) {
    headers.set(NOSNIFF_NAME, NOSNIFF);
    // A stricter policy set before (a link page's no-referrer) stays.
    if (!headers.contains(REFERRER_POLICY_NAME)) {
      headers.set(REFERRER_POLICY_NAME, SAME_ORIGIN);
    }
    if (!headers.contains(CSP_NAME)) {
      headers.set(CSP_NAME, CSP_NOTHING);
    }
  }

  public static void apply(HttpServerResponse response) {
    apply(response.headers());
  }

  /** A router's first handler: the baseline on every routed response. */
  public static void handle(RoutingContext rc) {
    apply(rc.response().headers());
    rc.next();
  }

  /** A page's policy in place of the default. */
  public static void html(HttpServerResponse response, String contentSecurityPolicy) {
    response.headers().set(CSP_NAME, contentSecurityPolicy);
  }
}
