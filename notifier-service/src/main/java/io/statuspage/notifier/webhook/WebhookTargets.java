package io.statuspage.notifier.webhook;

import io.statuspage.bus.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * The SSRF rule for webhook endpoints: an {@code https://} URL whose host is not, and does not resolve to, an address
 * {@link Addresses} forbids, all of its A and AAAA records checked. With {@code webhook.allow.private} (tests, closed
 * networks) {@code http://} and any address are allowed. Resolution blocks, so it runs on a worker thread.
 */
public final class WebhookTargets {

  private final Vertx vertx;
  private final boolean allowPrivate;
  private final String field;

  private WebhookTargets(Vertx vertx, boolean allowPrivate, String field) {
    this.vertx = vertx;
    this.allowPrivate = allowPrivate;
    this.field = field;
  }

  /** Checks endpoints, naming {@code field} (e.g. {@code subscriber.endpoint}) in its refusals. */
  public static WebhookTargets create(Vertx vertx, boolean allowPrivate, String field) {
    return new WebhookTargets(vertx, allowPrivate, field);
  }

  /** The addresses {@code endpoint} may be reached at; fails with a 422 naming the field when it may not. */
  public Future<List<InetAddress>> check(URI endpoint) {
    String host;
    try {
      host = host(endpoint);
    } catch (ServiceError e) {
      return Future.failedFuture(e);
    }
    return vertx.<List<InetAddress>>executeBlocking(() -> List.of(InetAddress.getAllByName(host)), false)
      .recover(e -> Future.failedFuture(e instanceof UnknownHostException
        ? refused("The endpoint's host " + host + " does not resolve") : e))
      .compose(addresses -> {
        if (!allowPrivate) {
          for (InetAddress address : addresses) {
            String why = Addresses.forbidden(address);
            if (why != null) {
              return Future.failedFuture(refused("The endpoint's host " + host + " is or resolves to " + why
                + " (" + address.getHostAddress() + "); webhooks may only reach public addresses"));
            }
          }
        }
        return Future.succeededFuture(addresses);
      });
  }

  private String host(URI endpoint) {
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
      throw refused("The endpoint must be an https:// URL");
    }
    if (endpoint.getRawUserInfo() != null) {
      throw refused("The endpoint must not carry a user name or password");
    }
    String host = endpoint.getHost();
    if (host == null || host.isEmpty()) {
      throw refused("The endpoint has no host");
    }
    // [::1] is how a URI writes an IPv6 literal; InetAddress wants it bare.
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private ServiceError refused(String detail) {
    return ServiceError.unprocessable(field, detail);
  }
}
