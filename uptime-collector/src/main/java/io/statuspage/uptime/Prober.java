package io.statuspage.uptime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one probe: an HTTP(S) request or a TCP connect, within the probe's timeout. Its future never fails: a refused
 * connection, a timeout or an unexpected answer is a failed {@link Outcome} saying why. Redirects are not followed
 * (a 3xx is an answer, judged by the expected status). Targets are whatever the page's team configured, private
 * addresses included: probes are set up with an API key, unlike webhook endpoints.
 */
interface Prober {

  /** What a run found: passed or not, how long it took (null when nothing answered), and why it failed. */
  record Outcome(boolean passed, Integer latencyMs, String message) {
  }

  Future<Outcome> check(ProbeRow probe);

  /** A prober on {@code vertx}'s clients. A fresh connection per run: a probe measures connecting too. */
  static Prober create(Vertx vertx) {
    WebClient web = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setTrustAll(false)
      .setUserAgent("statuspage-probe").setKeepAlive(false));
    NetClient net = vertx.createNetClient(new NetClientOptions());
    return probe -> {
      long start = System.nanoTime();
      Future<Outcome> run = probe.http() ? http(web, probe, start) : tcp(net, probe, start);
      return run.timeout(probe.timeoutMs(), TimeUnit.MILLISECONDS)
        .recover(e -> Future.succeededFuture(new Outcome(false, null, why(e, probe))));
    };
  }

  private static Future<Outcome> http(WebClient web, ProbeRow probe, long start) {
    return web.requestAbs(HttpMethod.valueOf(probe.method()), probe.url()).timeout(probe.timeoutMs()).send()
      .map(response -> {
        int latency = millisSince(start);
        if (!probe.expects(response.statusCode())) {
          return new Outcome(false, latency, "HTTP " + response.statusCode() + ", expected " + probe.expectedStatus());
        }
        if (probe.bodyContains() != null) {
          String body = response.body() == null ? "" : response.body().toString(StandardCharsets.UTF_8);
          if (!body.contains(probe.bodyContains())) {
            return new Outcome(false, latency, "HTTP " + response.statusCode() + ", body without the expected text");
          }
        }
        return new Outcome(true, latency, "HTTP " + response.statusCode());
      });
  }

  private static Future<Outcome> tcp(NetClient net, ProbeRow probe, long start) {
    return net.connect(probe.port(), probe.host()).compose(socket -> {
      int latency = millisSince(start);
      return socket.close().transform(ar -> Future.succeededFuture(new Outcome(true, latency, "connected")));
    });
  }

  private static int millisSince(long start) {
    return (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private static String why(Throwable e, ProbeRow probe) {
    if (e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout")) {
      return "no answer within " + probe.timeoutMs() + " ms";
    }
    if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
      return "connection refused";
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName()
      : message.length() > 200 ? message.substring(0, 200) : message;
  }
}
