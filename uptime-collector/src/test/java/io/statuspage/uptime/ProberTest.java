package io.statuspage.uptime;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP prober against a real local server whose answers are huge, endless, or split where the text is. */
class ProberTest {

  private static Vertx vertx;
  private static HttpServer server;
  private static Prober prober;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(request -> {
      HttpServerResponse response = request.response().setChunked(true);
      switch (request.path()) {
        // 8 MB in 64 KB chunks, the text nowhere.
        case "/huge" -> {
          Buffer chunk = Buffer.buffer("x".repeat(64 * 1024));
          for (int i = 0; i < 128; i++) {
            response.write(chunk);
          }
          response.end();
        }
        // A chunk every 10 ms that never ends; "status: ok" is near the start.
        case "/endless-with-text" -> endless(response, "status: ok ");
        case "/endless" -> endless(response, "");
        // The text split over two chunks sent 50 ms apart.
        case "/split" -> {
          response.write("…all is st");
          vertx.setTimer(50, id -> response.end("atus: ok, bye"));
        }
        default -> response.setStatusCode(404).end();
      }
    });
    server.listen(0, "127.0.0.1").await();
    prober = Prober.create(vertx);
  }

  private static void endless(HttpServerResponse response, String first) {
    response.write(first);
    Buffer chunk = Buffer.buffer("y".repeat(16 * 1024));
    vertx.setPeriodic(1, id -> {
      if (response.closed() || response.ended()) {
        vertx.cancelTimer(id);
      } else if (!response.writeQueueFull()) {
        response.write(chunk);
      }
    });
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static Prober.Outcome check(String path, String text) {
    ProbeRow probe = new ProbeRow("prb1", "page1", "cmp1", "probe", ProbeRow.HTTP,
      "http://127.0.0.1:" + server.actualPort() + path, "GET", 200, 399, text, null, null, 5000, 60, null, true, null,
      null);
    return prober.check(probe).await();
  }

  @Test
  void aHugeBodyIsSearchedOnlyAsFarAsTheLimit() {
    Prober.Outcome outcome = check("/huge", "status: ok");
    assertFalse(outcome.passed());
    assertEquals("HTTP 200, body without the expected text", outcome.message());
  }

  @Test
  void anEndlessBodyPassesOnceTheTextIsSeenAndFailsAfterTheLimitNotTheTimeout() {
    assertTrue(check("/endless-with-text", "status: ok").passed());
    Prober.Outcome without = check("/endless", "status: ok");
    assertFalse(without.passed());
    assertEquals("HTTP 200, body without the expected text", without.message());
  }

  @Test
  void textSplitAcrossChunksIsFound() {
    assertTrue(check("/split", "status: ok").passed());
    assertFalse(check("/split", "status: down").passed());
    assertTrue(check("/split", "…all").passed(), "multi-byte UTF-8 at the start");
  }

  @Test
  void withoutATextTheBodyIsNotWaitedFor() {
    Prober.Outcome outcome = check("/endless", null);
    assertTrue(outcome.passed());
    assertEquals("HTTP 200", outcome.message());
  }
}
