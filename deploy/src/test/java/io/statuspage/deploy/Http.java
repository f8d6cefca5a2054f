package io.statuspage.deploy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** A blocking HTTP client for driving a running suite the way a user's script would. */
final class Http {

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final int port;

  Http(int port) {
    this.base = "http://127.0.0.1:" + port;
    this.port = port;
  }

  int port() {
    return port;
  }

  HttpResponse<String> get(String path, String... headers) {
    return send(builder(path, headers).GET());
  }

  /** The raw bytes of an answer, as sent (a compressed body stays compressed). */
  HttpResponse<byte[]> bytes(String method, String path, String... headers) {
    try {
      return client.send(builder(path, headers).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends {@code body} as JSON unless {@code headers} name another Content-Type. */
  HttpResponse<String> send(String method, String path, String body, String... headers) {
    HttpRequest.Builder request = builder(path, headers);
    if (!java.util.Arrays.asList(headers).contains("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    return send(request
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpRequest.Builder builder(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  static JsonArray array(HttpResponse<String> response) {
    return new JsonArray(response.body());
  }

  /** Polls {@code path} until {@code until} holds, or fails after {@code timeout}. */
  HttpResponse<String> await(String path, Duration timeout, Predicate<HttpResponse<String>> until,
                             String... headers) {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = get(path, headers);
        if (until.test(last)) {
          return last;
        }
      } catch (IllegalStateException notYet) {
        // Not listening yet.
      }
      sleep(200);
    }
    throw new AssertionError("Timed out waiting on " + base + path + "; last answer: "
      + (last == null ? "none" : last.statusCode() + " " + last.body()));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
