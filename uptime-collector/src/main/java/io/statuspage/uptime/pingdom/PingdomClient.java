package io.statuspage.uptime.pingdom;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** {@link Pingdom} on a Vert.x {@link WebClient}, pacing each token by the windows Pingdom reports for it. */
final class PingdomClient implements Pingdom {

  static final int DEFAULT_RESERVE = 5;
  /** Below this many requests left in a window, requests are spread over what remains of it. */
  private static final int SLOW_BELOW = 50;
  private static final Duration MAX_SPACING = Duration.ofSeconds(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  /** After a 429 that says nothing of when to come back. */
  private static final Duration DEFAULT_WAIT = Duration.ofMinutes(1);
  private static final java.util.regex.Pattern TOKEN_FORM = java.util.regex.Pattern.compile("[!-~]+");

  private final Vertx vertx;
  private final WebClient client;
  private final String baseUrl;
  private final Clock clock;
  private final int reserve;
  /** What Pingdom last said about each token's windows (tokens stay in memory only). */
  private final Map<String, Windows> windows = new ConcurrentHashMap<>();

  PingdomClient(Vertx vertx, String baseUrl, Clock clock, int reserve) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx, new WebClientOptions().setDecompressionSupported(true)
      .setUserAgent("statuspage-uptime-collector"));
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.clock = clock;
    this.reserve = reserve;
  }

  @Override
  public Future<List<Check>> checks(String token) {
    return get(token, "/checks", null, Map.of(), body -> list(body.getJsonArray("checks"), PingdomClient::check));
  }

  @Override
  public Future<Check> check(String token, String checkId) {
    return get(token, "/checks/" + checkId, checkId, Map.of(), body -> check(body.getJsonObject("check")));
  }

  @Override
  public Future<List<Bucket>> hours(String token, String checkId, Instant from, Instant to) {
    return get(token, "/summary.performance/" + checkId, checkId, Map.of("resolution", "hour", "includeuptime", "true",
      "order", "asc", "from", seconds(from), "to", seconds(to)), body -> {
        JsonObject summary = body.getJsonObject("summary");
        List<Bucket> hours = list(summary == null ? null : summary.getJsonArray("hours"), d -> new Bucket(
          Instant.ofEpochSecond(d.getLong("starttime")), d.getInteger("avgresponse"), d.getLong("uptime", 0L),
          d.getLong("downtime", 0L), d.getLong("unmonitored", 0L)));
        return hours.stream().sorted(Comparator.comparing(Bucket::start)).toList();
      });
  }

  @Override
  public Future<Average> average(String token, String checkId, Instant from, Instant to) {
    return get(token, "/summary.average/" + checkId, checkId, Map.of("includeuptime", "true", "from", seconds(from),
      "to", seconds(to)), body -> {
        JsonObject summary = body.getJsonObject("summary");
        JsonObject time = summary.getJsonObject("responsetime", new JsonObject());
        JsonObject status = summary.getJsonObject("status", new JsonObject());
        return new Average(epoch(time.getLong("from")), epoch(time.getLong("to")), averageOf(time.getValue(
          "avgresponse")), status.getLong("totalup", 0L), status.getLong("totaldown", 0L),
          status.getLong("totalunknown", 0L));
      });
  }

  @Override
  public Future<List<Result>> results(String token, String checkId, Instant from, Instant to, int limit) {
    return get(token, "/results/" + checkId, checkId, Map.of("from", seconds(from), "to", seconds(to), "limit",
      String.valueOf(Math.min(Math.max(limit, 1), 1000))), body -> list(body.getJsonArray("results"),
        r -> new Result(Instant.ofEpochSecond(r.getLong("time")), r.getLong("probeid"), r.getString("status"),
          r.getInteger("responsetime"))));
  }

  /** One GET, paced by the token's windows; the answer parsed by {@code parse}, or a {@link PingdomError}. */
  private <T> Future<T> get(String token, String path, String checkId, Map<String, String> query,
                            Function<JsonObject, T> parse) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new PingdomError(PingdomError.Kind.UNAUTHORIZED, 0,
        "No Pingdom API token: give the provider an api_token or set pingdom.token", null));
    }
    if (!TOKEN_FORM.matcher(token).matches()) {
      // It could not go in a header (a configured token with a newline, say): refused here, never sent.
      return Future.failedFuture(new PingdomError(PingdomError.Kind.UNAUTHORIZED, 0,
        "The Pingdom API token has characters a token cannot have", null));
    }
    Instant now = clock.instant();
    Windows w = windows.getOrDefault(token, Windows.NONE);
    Instant blocked = w.blockedUntil(now, reserve);
    if (blocked != null) {
      return Future.failedFuture(new PingdomError(PingdomError.Kind.RATE_LIMITED, 429,
        "Pingdom request limit nearly reached; waiting until " + blocked, blocked));
    }
    long spacing = w.spacing(now).toMillis();
    Future<Void> paced = spacing <= 0 ? Future.succeededFuture() : delay(spacing);
    return paced.compose(v -> {
      HttpRequest<Buffer> request = client.getAbs(baseUrl + path).bearerTokenAuthentication(token)
        .putHeader("Accept", "application/json").timeout(TIMEOUT.toMillis());
      query.forEach(request::addQueryParam);
      return request.send().transform(ar -> ar.failed()
        ? Future.failedFuture(new PingdomError(PingdomError.Kind.UNAVAILABLE, 0,
          "Pingdom did not answer: " + ar.cause().getClass().getSimpleName()
            + (ar.cause().getMessage() == null ? "" : " " + ar.cause().getMessage()), null))
        : answer(token, ar.result(), checkId, parse));
    });
  }

  private <T> Future<T> answer(String token, HttpResponse<Buffer> response, String checkId,
                               Function<JsonObject, T> parse) {
    Instant now = clock.instant();
    RateLimit shortWindow = RateLimit.parse(response.getHeader("Req-Limit-Short"), now);
    RateLimit longWindow = RateLimit.parse(response.getHeader("Req-Limit-Long"), now);
    int status = response.statusCode();
    Instant retryAt = null;
    if (status == 429) {
      retryAt = retryAt(shortWindow, longWindow, response.getHeader("Retry-After"), now);
    }
    Instant until = retryAt;
    windows.compute(token, (t, old) -> (old == null ? Windows.NONE : old).seen(shortWindow, longWindow, until));
    if (status == 200) {
      try {
        return Future.succeededFuture(parse.apply(response.bodyAsJsonObject()));
      } catch (RuntimeException e) {
        return Future.failedFuture(new PingdomError(PingdomError.Kind.UNAVAILABLE, status,
          "Pingdom's answer could not be read: " + e.getClass().getSimpleName(), null));
      }
    }
    String message = message(response);
    PingdomError.Kind kind = switch (status) {
      case 401 -> PingdomError.Kind.UNAUTHORIZED;
      case 403 -> checkId == null ? PingdomError.Kind.UNAUTHORIZED : PingdomError.Kind.CHECK_NOT_FOUND;
      case 404 -> checkId == null ? PingdomError.Kind.UNAVAILABLE : PingdomError.Kind.CHECK_NOT_FOUND;
      case 429 -> PingdomError.Kind.RATE_LIMITED;
      default -> PingdomError.Kind.UNAVAILABLE;
    };
    return Future.failedFuture(new PingdomError(kind, status, message, retryAt));
  }

  /** After a 429: the reset of the exhausted window (the later if both), else Retry-After, else a minute. */
  private static Instant retryAt(RateLimit shortWindow, RateLimit longWindow, String retryAfter, Instant now) {
    Instant at = null;
    for (RateLimit w : new RateLimit[] {shortWindow, longWindow}) {
      if (w != null && w.remaining() == 0 && (at == null || w.resetAt().isAfter(at))) {
        at = w.resetAt();
      }
    }
    if (at == null && shortWindow != null) {
      at = shortWindow.resetAt();
    }
    if (at == null && retryAfter != null) {
      try {
        at = now.plusSeconds(Long.parseLong(retryAfter.trim()));
      } catch (NumberFormatException e) {
        // An HTTP date or garbage: the default below.
      }
    }
    return at == null ? now.plus(DEFAULT_WAIT) : at;
  }

  /** Pingdom's error body as its clients print it: {@code "401 Unauthorized: Invalid token"}. */
  private static String message(HttpResponse<Buffer> response) {
    try {
      JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
      return error.getValue("statuscode") + " " + error.getString("statusdesc") + ": " + error.getString("errormessage");
    } catch (RuntimeException e) {
      return response.statusCode() + " " + response.statusMessage();
    }
  }

  private Future<Void> delay(long millis) {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(millis, id -> promise.complete());
    return promise.future();
  }

  private static Check check(JsonObject c) {
    Object type = c.getValue("type");
    // A string in /checks, an object keyed by the type in /checks/{id}.
    String typeName = type instanceof JsonObject o ? o.fieldNames().stream().findFirst().orElse(null)
      : type == null ? null : type.toString();
    return new Check(c.getLong("id"), c.getString("name"), c.getString("hostname"), typeName, c.getString("status"),
      c.getInteger("lastresponsetime"), epoch(c.getLong("lasttesttime")));
  }

  /** avgresponse is a number, or an array of per-country/per-probe figures: then their mean. */
  private static Integer averageOf(Object value) {
    if (value instanceof Number n) {
      return n.intValue();
    }
    if (value instanceof JsonArray a && !a.isEmpty()) {
      return (int) Math.round(a.stream().mapToInt(o -> ((JsonObject) o).getInteger("avgresponse", 0)).average()
        .orElse(0));
    }
    return null;
  }

  private static <T> List<T> list(JsonArray array, Function<JsonObject, T> item) {
    List<T> out = new ArrayList<>();
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        out.add(item.apply(array.getJsonObject(i)));
      }
    }
    return out;
  }

  private static Instant epoch(Long seconds) {
    return seconds == null ? null : Instant.ofEpochSecond(seconds);
  }

  private static String seconds(Instant t) {
    return String.valueOf(t.getEpochSecond());
  }

  /** A token's windows as last reported, and a wait a 429 imposed. */
  private record Windows(RateLimit shortWindow, RateLimit longWindow, Instant waitUntil) {
    static final Windows NONE = new Windows(null, null, null);

    Windows seen(RateLimit s, RateLimit l, Instant wait) {
      return new Windows(s != null ? s : shortWindow, l != null ? l : longWindow, wait != null ? wait : waitUntil);
    }

    /** When requests may go again, if not now: after a 429, or when a window is down to its reserve. */
    Instant blockedUntil(Instant now, int reserve) {
      Instant until = waitUntil != null && waitUntil.isAfter(now) ? waitUntil : null;
      for (RateLimit w : new RateLimit[] {shortWindow, longWindow}) {
        if (w != null && w.remaining() <= reserve && w.resetAt().isAfter(now)
          && (until == null || w.resetAt().isAfter(until))) {
          until = w.resetAt();
        }
      }
      return until;
    }

    /** Near a window's end, the rest of it spread over the requests left (at most a few seconds apart). */
    Duration spacing(Instant now) {
      Duration spacing = Duration.ZERO;
      for (RateLimit w : new RateLimit[] {shortWindow, longWindow}) {
        if (w != null && w.remaining() < SLOW_BELOW && w.remaining() > 0 && w.resetAt().isAfter(now)) {
          Duration each = Duration.between(now, w.resetAt()).dividedBy(w.remaining());
          spacing = each.compareTo(spacing) > 0 ? each : spacing;
        }
      }
      return spacing.compareTo(MAX_SPACING) > 0 ? MAX_SPACING : spacing;
    }
  }
}
