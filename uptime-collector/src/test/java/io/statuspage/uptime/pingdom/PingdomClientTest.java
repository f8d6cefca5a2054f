package io.statuspage.uptime.pingdom;

import io.statuspage.runtime.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against the fake Pingdom: the documented shapes, auth, the rate-limit windows, errors. */
class PingdomClientTest {

  private static final String TOKEN = "pd-token-secret-0123456789";
  private static final Instant DAY = Instant.parse("2026-11-30T00:00:00Z");

  private Vertx vertx;
  private FakePingdom fake;
  private MutableClock clock;
  private Pingdom pingdom;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    fake = FakePingdom.start(vertx, TOKEN);
    clock = new MutableClock(Instant.now());
    pingdom = Pingdom.create(vertx, fake.url(), clock);
  }

  @AfterEach
  void stop() {
    fake.close();
    vertx.close().await();
  }

  @Test
  void parsesChecksDaysAveragesAndResults() {
    fake.check(85975, "API").day(DAY, 86000, 300, 100, 458).day(DAY.plus(Duration.ofDays(1)), 3000, 0, 600, 222)
      .result(DAY.plusSeconds(60), "up", 145).result(DAY.plusSeconds(120), "down", 0);

    List<Pingdom.Check> checks = pingdom.checks(TOKEN).await();
    assertEquals(1, checks.size());
    assertEquals(85975, checks.get(0).id());
    assertEquals("http", checks.get(0).type());
    // /checks/{id} gives the type as an object keyed by the type.
    assertEquals("http", pingdom.check(TOKEN, "85975").await().type());
    assertEquals("API", pingdom.check(TOKEN, "85975").await().name());

    List<Pingdom.Bucket> days = pingdom.hours(TOKEN, "85975", DAY, DAY.plus(Duration.ofDays(2))).await();
    assertEquals(2, days.size());
    assertEquals(DAY, days.get(0).start());
    assertEquals(458, days.get(0).avgResponse());
    // Unknown time excluded: 86000 / (86000 + 300).
    assertEquals(100.0 * 86000 / 86300, days.get(0).uptimePercent(), 1e-9);
    // A partial day: 3000 up, nothing down.
    assertEquals(100.0, days.get(1).uptimePercent(), 1e-9);

    Pingdom.Average avg = pingdom.average(TOKEN, "85975", DAY, DAY.plus(Duration.ofDays(2))).await();
    assertEquals(89000, avg.totalUp());
    assertEquals(300, avg.totalDown());
    assertEquals(700, avg.totalUnknown());
    assertEquals(100.0 * 89000 / 89300, avg.uptimePercent(), 1e-9);

    List<Pingdom.Result> results = pingdom.results(TOKEN, "85975", DAY, DAY.plusSeconds(3600), 1000).await();
    assertEquals(2, results.size());
    assertEquals("down", results.get(0).status(), "newest first");
    assertEquals(DAY.plusSeconds(60), results.get(1).time());
    assertEquals(145, results.get(1).responseTime());
    assertTrue(fake.authorizations().stream().allMatch(("Bearer " + TOKEN)::equals));
  }

  @Test
  void noDataIsNoUptimeRatherThanZero() {
    assertNull(Pingdom.Uptime.percent(0, 0));
    assertEquals(0.0, Pingdom.Uptime.percent(0, 10), 1e-9);
  }

  @Test
  void aRefusedTokenIsUnauthorizedWithPingdomsMessageAndNoToken() {
    PingdomError e = failure(pingdom.checks("wrong-" + TOKEN));
    assertEquals(PingdomError.Kind.UNAUTHORIZED, e.kind());
    assertEquals(401, e.status());
    assertEquals("401 Unauthorized: Invalid token", e.getMessage());
    assertFalse(e.getMessage().contains(TOKEN));
    assertEquals(PingdomError.Kind.UNAUTHORIZED, failure(pingdom.checks(null)).kind());
  }

  @Test
  void anUnknownCheckIsNotFoundWhether403Or404() {
    assertEquals(PingdomError.Kind.CHECK_NOT_FOUND, failure(pingdom.check(TOKEN, "1")).kind());
    fake.missingStatus(404);
    PingdomError e = failure(pingdom.hours(TOKEN, "1", DAY, DAY.plusSeconds(86400)));
    assertEquals(PingdomError.Kind.CHECK_NOT_FOUND, e.kind());
    assertEquals("404 Not Found: Check not found", e.getMessage());
  }

  @Test
  void after429ItWaitsUntilTheWindowResetsWithoutAskingAgain() {
    fake.check(85975, "API");
    fake.rateLimitNext(1, 120);
    PingdomError e = failure(pingdom.check(TOKEN, "85975"));
    assertEquals(PingdomError.Kind.RATE_LIMITED, e.kind());
    assertEquals(clock.instant().plusSeconds(120), e.retryAt());
    int calls = fake.totalCalls();

    clock.advance(Duration.ofSeconds(119));
    PingdomError again = failure(pingdom.check(TOKEN, "85975"));
    assertEquals(PingdomError.Kind.RATE_LIMITED, again.kind());
    assertEquals(calls, fake.totalCalls(), "refused here, not sent to Pingdom");

    clock.advance(Duration.ofSeconds(2));
    assertEquals("API", pingdom.check(TOKEN, "85975").await().name());
    assertEquals(calls + 1, fake.totalCalls());
  }

  @Test
  void itStopsBeforeTheLimitAndSpacesTheLastRequests() {
    fake.check(85975, "API");
    fake.shortWindow(5, 600);
    pingdom.check(TOKEN, "85975").await();
    // 5 left is the reserve: nothing more is sent until the window resets.
    PingdomError e = failure(pingdom.check(TOKEN, "85975"));
    assertEquals(PingdomError.Kind.RATE_LIMITED, e.kind());
    assertEquals(clock.instant().plusSeconds(600), e.retryAt());
    assertEquals(1, fake.totalCalls());

    // Past the reset, with 10 left of a window ending in 10 s: requests go about a second apart.
    clock.advance(Duration.ofSeconds(601));
    fake.shortWindow(10, 10);
    pingdom.check(TOKEN, "85975").await();
    long started = System.nanoTime();
    pingdom.check(TOKEN, "85975").await();
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertTrue(tookMs >= 900, "spaced, took " + tookMs + " ms");
  }

  @Test
  void serverErrorsAndNoServerAreUnavailable() {
    fake.check(85975, "API");
    fake.failNext(1, 502);
    PingdomError e = failure(pingdom.check(TOKEN, "85975"));
    assertEquals(PingdomError.Kind.UNAVAILABLE, e.kind());
    assertEquals(502, e.status());
    assertEquals("API", pingdom.check(TOKEN, "85975").await().name());

    Pingdom nowhere = Pingdom.create(vertx, "http://127.0.0.1:1/api/3.1", clock);
    PingdomError down = failure(nowhere.checks(TOKEN));
    assertEquals(PingdomError.Kind.UNAVAILABLE, down.kind());
    assertEquals(0, down.status());
  }

  private static PingdomError failure(Future<?> call) {
    Throwable cause = call.transform(ar -> Future.succeededFuture(ar.cause())).await();
    return assertInstanceOf(PingdomError.class, cause);
  }
}
