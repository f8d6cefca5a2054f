package io.statuspage.uptime.pingdom;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Pingdom API 3.1, read only, as the collector needs it. Every call sends the token as {@code Authorization: Bearer},
 * reads {@code Req-Limit-Short}/{@code Req-Limit-Long} from the answer and paces itself by them: near the end of a
 * window it refuses locally ({@link PingdomError.Kind#RATE_LIMITED}, with the time the window resets) rather than
 * spend the last requests, and after a 429 it waits for the reset the headers give. Nothing throws: a Pingdom
 * outage is a failed future with a {@link PingdomError}, and the figures just get older.
 */
public interface Pingdom {

  /** Pingdom's own base URL: the default of {@code pingdom.api.url}. */
  String DEFAULT_URL = "https://api.pingdom.com/api/3.1";

  /** A client of the API at {@code baseUrl} ({@code .../api/3.1}), with time from {@code clock}. */
  static Pingdom create(Vertx vertx, String baseUrl, Clock clock) {
    return new PingdomClient(vertx, baseUrl, clock, PingdomClient.DEFAULT_RESERVE);
  }

  /** As {@link #create(Vertx, String, Clock)}, keeping {@code reserve} requests of each window unspent. */
  static Pingdom create(Vertx vertx, String baseUrl, Clock clock, int reserve) {
    return new PingdomClient(vertx, baseUrl, clock, reserve);
  }

  /** {@code GET /checks}. */
  Future<List<Check>> checks(String token);

  /** {@code GET /checks/{id}}; a 403 or 404 is {@link PingdomError.Kind#CHECK_NOT_FOUND}. */
  Future<Check> check(String token, String checkId);

  /**
   * {@code GET /summary.performance/{id}?resolution=hour&includeuptime=true}: hourly buckets, oldest first. Hours, not
   * Pingdom's days: those follow the account's time zone, which need not be the page's.
   */
  Future<List<Bucket>> hours(String token, String checkId, Instant from, Instant to);

  /** {@code GET /summary.average/{id}?includeuptime=true} over [from, to]. */
  Future<Average> average(String token, String checkId, Instant from, Instant to);

  /** {@code GET /results/{id}} over [from, to], newest first, at most {@code limit} (Pingdom caps it at 1000). */
  Future<List<Result>> results(String token, String checkId, Instant from, Instant to, int limit);

  /** One check as {@code /checks} and {@code /checks/{id}} describe it; absent fields are null. */
  record Check(long id, String name, String hostname, String type, String status, Integer lastResponseTime,
               Instant lastTestTime) {
  }

  /**
   * One bucket of {@code summary.performance}: seconds up, down and unmonitored from {@code start}, and the
   * average response in ms (null when absent).
   */
  record Bucket(Instant start, Integer avgResponse, long up, long down, long unmonitored) {

    /** up / (up + down) in percent, unknown time excluded; null when nothing was monitored. */
    public Double uptimePercent() {
      return Uptime.percent(up, down);
    }
  }

  /** {@code summary.average}: the average response (ms) and the status totals (seconds). */
  record Average(Instant from, Instant to, Integer avgResponse, long totalUp, long totalDown, long totalUnknown) {

    public Double uptimePercent() {
      return Uptime.percent(totalUp, totalDown);
    }
  }

  /** One raw result: when, from which probe, its status ({@code up}, {@code down}, ...) and response in ms. */
  record Result(Instant time, Long probeId, String status, Integer responseTime) {
  }

  /** The uptime formula, in one place. */
  final class Uptime {
    private Uptime() {
    }

    /** up / (up + down) × 100: unknown, paused and unmonitored time count neither way; null with no data. */
    public static Double percent(long up, long down) {
      return up + down <= 0 ? null : 100.0 * up / (up + down);
    }
  }
}
