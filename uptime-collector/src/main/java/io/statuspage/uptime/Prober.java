package io.statuspage.uptime;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

  /** How much of a body is searched for the expected text: a target's huge or endless answer cannot fill memory. */
  int BODY_SEARCHED = 1024 * 1024;

  /** A prober on {@code vertx}'s clients. A fresh connection per run: a probe measures connecting too. */
  static Prober create(Vertx vertx) {
    HttpClient web = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setTrustAll(false)
      .setVerifyHost(true));
    NetClient net = vertx.createNetClient(new NetClientOptions());
    return probe -> {
      long start = System.nanoTime();
      Future<Outcome> run = probe.http() ? http(web, probe, start) : tcp(net, probe, start);
      return run.timeout(probe.timeoutMs(), TimeUnit.MILLISECONDS)
        .recover(e -> Future.succeededFuture(new Outcome(false, null, why(e, probe))));
    };
  }

  /** The latency is the time to the answer's head; the body is read only as far as the expected text needs. */
  private static Future<Outcome> http(HttpClient web, ProbeRow probe, long start) {
    RequestOptions request = new RequestOptions().setAbsoluteURI(probe.url())
      .setMethod(HttpMethod.valueOf(probe.method())).setFollowRedirects(false)
      .setIdleTimeout(probe.timeoutMs()).putHeader(HttpHeaders.USER_AGENT, "statuspage-probe");
    return web.request(request).compose(HttpClientRequest::send).compose(response -> {
      int latency = millisSince(start);
      String status = "HTTP " + response.statusCode();
      if (!probe.expects(response.statusCode())) {
        response.request().reset();
        return Future.succeededFuture(new Outcome(false, latency, status + ", expected " + probe.expectedStatus()));
      }
      if (probe.bodyContains() == null) {
        response.request().reset();
        return Future.succeededFuture(new Outcome(true, latency, status));
      }
      return search(response, probe.bodyContains()).map(found -> found ? new Outcome(true, latency, status)
        : new Outcome(false, latency, status + ", body without the expected text"));
    });
  }

  /** Whether the first {@link #BODY_SEARCHED} bytes of the body hold {@code text}; stops reading once known. */
  private static Future<Boolean> search(HttpClientResponse response, String text) {
    byte[] wanted = text.getBytes(StandardCharsets.UTF_8);
    Promise<Boolean> found = Promise.promise();
    long[] read = {0};
    // The end of what came before, shorter than the text: a match may span two chunks.
    byte[][] tail = {new byte[0]};
    response.handler(chunk -> {
      if (found.future().isComplete()) {
        return;
      }
      byte[] window = Buffer.buffer(tail[0]).appendBuffer(chunk).getBytes();
      read[0] += chunk.length();
      boolean hit = contains(window, wanted);
      if (hit || read[0] >= BODY_SEARCHED) {
        found.tryComplete(hit);
        response.request().reset();
      } else {
        tail[0] = Arrays.copyOfRange(window, Math.max(0, window.length - wanted.length + 1), window.length);
      }
    });
    response.endHandler(v -> found.tryComplete(false));
    response.exceptionHandler(found::tryFail);
    return found.future();
  }

  private static boolean contains(byte[] in, byte[] wanted) {
    outer:
    for (int i = 0; i + wanted.length <= in.length; i++) {
      for (int j = 0; j < wanted.length; j++) {
        if (in[i + j] != wanted[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
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
