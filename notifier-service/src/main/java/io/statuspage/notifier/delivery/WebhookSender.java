package io.statuspage.notifier.delivery;

import io.statuspage.bus.ServiceError;
import io.statuspage.notifier.webhook.WebhookTargets;
import io.statuspage.runtime.Outage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

/**
 * Sends one webhook: checks the endpoint against the SSRF rule again (resolving it now), connects to the address it
 * checked (Host header and SNI still the endpoint's host, so a DNS answer that changes between check and connect
 * cannot redirect it), signs per Standard Webhooks and POSTs without following redirects.
 */
public final class WebhookSender {

  /** How one attempt went: an HTTP status, or none and the error; {@code retryAfter} when the receiver asked. */
  public record Attempt(int status, String error, Duration retryAfter) {

    public boolean succeeded() {
      return status >= 200 && status < 300;
    }

    /** The receiver says the endpoint is gone for good: the subscriber is disabled. */
    public boolean gone() {
      return status == 410;
    }
  }

  private final WebClient client;
  private final WebhookTargets targets;
  private final Clock clock;
  private final Duration timeout;

  private WebhookSender(Vertx vertx, WebhookTargets targets, Clock clock, Duration timeout, int connections) {
    // Connections per host as many as sends in flight: many subscribers share a host (hooks.slack.com), and the
    // client's default of 5 would queue all their sends behind five connections.
    this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setMaxRedirects(0)
      .setUserAgent("statuspage-webhooks").setConnectTimeout((int) Math.min(timeout.toMillis(), 10_000))
      .setVerifyHost(true).setTrustAll(false), new PoolOptions().setHttp1MaxSize(connections));
    this.targets = targets;
    this.clock = clock;
    this.timeout = timeout;
  }

  /** {@code connections}: at most this many open to one host (the worker's concurrency is enough). */
  public static WebhookSender create(Vertx vertx, WebhookTargets targets, Clock clock, Duration timeout,
                                     int connections) {
    return new WebhookSender(vertx, targets, clock, timeout, connections);
  }

  /** POSTs {@code body} to {@code endpoint} as message {@code id}; completes with how it went, never fails. */
  public Future<Attempt> send(String endpoint, String secret, String id, String body) {
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(new Attempt(0, "The endpoint is not a URL", null));
    }
    return targets.check(uri)
      .compose(addresses -> post(uri, addresses.get(0), secret, id, body))
      .recover(e -> Future.succeededFuture(new Attempt(0, e instanceof ServiceError refused
        ? "Refused: " + refused.getMessage() : Outage.reason(e), null)));
  }

  private Future<Attempt> post(URI uri, InetAddress address, String secret, String id, String body) {
    boolean tls = "https".equals(uri.getScheme().toLowerCase(Locale.ROOT));
    int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
      : uri.getHost();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    return client.request(HttpMethod.POST, SocketAddress.inetSocketAddress(port, address.getHostAddress()), port,
        host, path)
      .ssl(tls)
      .followRedirects(false)
      .timeout(timeout.toMillis())
      .putHeader("content-type", "application/json")
      .putHeader("webhook-id", id)
      .putHeader("webhook-timestamp", timestamp)
      .putHeader("webhook-signature", signature(secret, id, timestamp, body))
      .sendBuffer(Buffer.buffer(body))
      .map(response -> new Attempt(response.statusCode(),
        response.statusCode() >= 200 && response.statusCode() < 300 ? null : "HTTP " + response.statusCode(),
        retryAfter(response.getHeader("retry-after"))));
  }

  /** Standard Webhooks: {@code v1,} and the base64 HMAC-SHA256, keyed by the secret's key, of id.timestamp.body. */
  static String signature(String secret, String id, String timestamp, String body) {
    byte[] key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] signed = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(signed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** {@code Retry-After} in seconds (an HTTP date is rare from webhook receivers and is ignored). */
  private static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public void close() {
    client.close();
  }
}
