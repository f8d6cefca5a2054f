package io.statuspage.uptime.pingdom;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP server speaking the routes of Pingdom API 3.1 the collector uses, with Pingdom's error envelope,
 * Bearer auth, {@code Req-Limit-Short}/{@code Req-Limit-Long} on every answer, and 429s and 5xx on cue. It serves
 * the data it is told to: per check, buckets of seconds up/down/unknown and an average response; and raw results.
 * {@code summary.performance} is served at {@code resolution=hour} (what the collector asks) and {@code day}; a
 * bucket is served as given, whatever the resolution asked, so a test may think in whole days (a day given at a
 * midnight stays that day's figure) or in hours.
 */
public final class FakePingdom implements AutoCloseable {

  /** A bucket of one check: seconds up, down and unmonitored, and the average response (ms). */
  public record Day(long start, long up, long down, long unknown, int avgResponse) {
  }

  /** One check and its data. */
  public static final class FakeCheck {
    final long id;
    final String name;
    final List<Day> days = new CopyOnWriteArrayList<>();
    final List<JsonObject> results = new CopyOnWriteArrayList<>();

    FakeCheck(long id, String name) {
      this.id = id;
      this.name = name;
    }

    public FakeCheck day(Instant start, long up, long down, long unknown, int avgResponse) {
      days.removeIf(d -> d.start() == start.getEpochSecond());
      days.add(new Day(start.getEpochSecond(), up, down, unknown, avgResponse));
      return this;
    }

    /** An hour's bucket: the same as {@link #day}, named for what it is. */
    public FakeCheck hour(Instant start, long up, long down, long unknown, int avgResponse) {
      return day(start, up, down, unknown, avgResponse);
    }

    public FakeCheck result(Instant time, String status, int responseTime) {
      results.add(new JsonObject().put("probeid", 259).put("time", time.getEpochSecond()).put("status", status)
        .put("responsetime", responseTime).put("statusdesc", "OK").put("statusdesclong", "OK"));
      return this;
    }
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final String token;
  private final Map<Long, FakeCheck> checks = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final AtomicInteger rateLimited = new AtomicInteger();
  private final AtomicInteger failing = new AtomicInteger();
  private volatile int failStatus = 503;
  private volatile int missingStatus = 403;
  private volatile long shortRemaining = 394;
  private volatile long shortReset = 3589;
  private volatile long longRemaining = 71994;
  private volatile long longReset = 2591989;

  private FakePingdom(Vertx vertx, String token) {
    this.vertx = vertx;
    this.token = token;
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  /** Started on a free local port, accepting {@code token}. */
  public static FakePingdom start(Vertx vertx, String token) {
    FakePingdom fake = new FakePingdom(vertx, token);
    fake.server.listen(0, "127.0.0.1").await();
    return fake;
  }

  /** The base URL to configure as {@code pingdom.api.url}. */
  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/api/3.1";
  }

  public FakeCheck check(long id, String name) {
    return checks.computeIfAbsent(id, i -> new FakeCheck(i, name));
  }

  /** The next {@code n} requests answer 429 with the short window exhausted, resetting in {@code resetSeconds}. */
  public FakePingdom rateLimitNext(int n, long resetSeconds) {
    shortReset = resetSeconds;
    rateLimited.set(n);
    return this;
  }

  /** The next {@code n} requests answer {@code status} (a 5xx). */
  public FakePingdom failNext(int n, int status) {
    failStatus = status;
    failing.set(n);
    return this;
  }

  /** What an unknown check answers: 403 (as Pingdom does for a deleted check) or 404. */
  public FakePingdom missingStatus(int status) {
    missingStatus = status;
    return this;
  }

  /** What the next answers' {@code Req-Limit-Short} says. */
  public FakePingdom shortWindow(long remaining, long resetSeconds) {
    shortRemaining = remaining;
    shortReset = resetSeconds;
    return this;
  }

  /** How many requests reached {@code route} ("/summary.performance/85975", say), answered or not. */
  public int calls(String route) {
    AtomicInteger n = calls.get(route);
    return n == null ? 0 : n.get();
  }

  public int totalCalls() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Every Authorization header received. */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  @Override
  public void close() {
    server.close().await();
  }

  private void handle(HttpServerRequest req) {
    String path = req.path();
    String route = path.startsWith("/api/3.1") ? path.substring("/api/3.1".length()) : path;
    calls.computeIfAbsent(route, r -> new AtomicInteger()).incrementAndGet();
    authorizations.add(String.valueOf(req.getHeader("Authorization")));
    req.response().putHeader("Content-Type", "application/json")
      .putHeader("Req-Limit-Long", "Remaining: " + longRemaining + " Time until reset: " + longReset);
    if (!("Bearer " + token).equals(req.getHeader("Authorization"))) {
      limits(req, shortRemaining);
      error(req, 401, "Unauthorized", "Invalid token");
      return;
    }
    if (rateLimited.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
      limits(req, 0);
      error(req, 429, "Too Many Requests", "Request limit exceeded, try again later");
      return;
    }
    limits(req, shortRemaining);
    if (failing.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
      error(req, failStatus, "Service Unavailable", "Internal error");
      return;
    }
    if (!"GET".equals(req.method().name()) || !path.startsWith("/api/3.1/")) {
      error(req, 404, "Not Found", "No such method");
      return;
    }
    String[] parts = route.substring(1).split("/");
    if (parts.length == 1 && parts[0].equals("checks")) {
      JsonArray list = new JsonArray();
      checks.values().forEach(c -> list.add(checkJson(c).put("type", "http")));
      ok(req, new JsonObject().put("checks", list).put("counts", new JsonObject().put("total", list.size())
        .put("limited", list.size()).put("filtered", list.size())));
      return;
    }
    FakeCheck check = parts.length == 2 ? find(parts[1]) : null;
    if (parts.length != 2 || check == null) {
      if (parts.length == 2 && List.of("checks", "summary.performance", "summary.average", "results")
        .contains(parts[0])) {
        error(req, missingStatus, missingStatus == 403 ? "Forbidden" : "Not Found", "Check not found");
      } else {
        error(req, 404, "Not Found", "No such method");
      }
      return;
    }
    MultiMap q = req.params();
    long now = Instant.now().getEpochSecond();
    long to = q.contains("to") ? Long.parseLong(q.get("to")) : now;
    switch (parts[0]) {
      case "checks" -> ok(req, new JsonObject().put("check", checkJson(check)
        .put("type", new JsonObject().put("http", new JsonObject().put("url", "/").put("port", 443)))));
      case "summary.performance" -> {
        String resolution = q.get("resolution");
        if (!"day".equals(resolution) && !"hour".equals(resolution)) {
          error(req, 400, "Bad Request", "Only resolution=hour or day is served here");
          return;
        }
        long from = q.contains("from") ? Long.parseLong(q.get("from")) : to - 10 * 86400;
        boolean uptime = "true".equals(q.get("includeuptime"));
        JsonArray days = new JsonArray();
        check.days.stream().filter(d -> d.start() >= from && d.start() <= to)
          .sorted((a, b) -> Long.compare(a.start(), b.start())).forEach(d -> {
            JsonObject day = new JsonObject().put("starttime", d.start()).put("avgresponse", d.avgResponse());
            if (uptime) {
              day.put("uptime", d.up()).put("downtime", d.down()).put("unmonitored", d.unknown());
            }
            days.add(day);
          });
        ok(req, new JsonObject().put("summary", new JsonObject().put(resolution + "s", days)));
      }
      case "summary.average" -> {
        long from = q.contains("from") ? Long.parseLong(q.get("from")) : 0;
        List<Day> in = new ArrayList<>(check.days.stream().filter(d -> d.start() >= from && d.start() < to).toList());
        long up = in.stream().mapToLong(Day::up).sum();
        long down = in.stream().mapToLong(Day::down).sum();
        long unknown = in.stream().mapToLong(Day::unknown).sum();
        int avg = (int) Math.round(in.stream().mapToInt(Day::avgResponse).average().orElse(0));
        JsonObject summary = new JsonObject().put("responsetime", new JsonObject().put("from", from).put("to", to)
          .put("avgresponse", avg));
        if ("true".equals(q.get("includeuptime"))) {
          summary.put("status", new JsonObject().put("totalup", up).put("totaldown", down).put("totalunknown", unknown));
        }
        ok(req, new JsonObject().put("summary", summary));
      }
      default -> {
        long from = q.contains("from") ? Long.parseLong(q.get("from")) : to - 86400;
        int limit = Math.min(q.contains("limit") ? Integer.parseInt(q.get("limit")) : 1000, 1000);
        JsonArray results = new JsonArray();
        check.results.stream().filter(r -> r.getLong("time") >= from && r.getLong("time") <= to)
          .sorted((a, b) -> Long.compare(b.getLong("time"), a.getLong("time"))).limit(limit).forEach(results::add);
        ok(req, new JsonObject().put("activeprobes", new JsonArray().add(259)).put("results", results));
      }
    }
  }

  private FakeCheck find(String id) {
    try {
      return checks.get(Long.parseLong(id));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static JsonObject checkJson(FakeCheck c) {
    return new JsonObject().put("id", c.id).put("name", c.name).put("hostname", "example.com").put("status", "up")
      .put("resolution", 1).put("lastresponsetime", 355).put("lasttesttime", 1300977363);
  }

  private void limits(HttpServerRequest req, long remaining) {
    req.response().putHeader("Req-Limit-Short", "Remaining: " + remaining + " Time until reset: " + shortReset);
  }

  private static void ok(HttpServerRequest req, JsonObject body) {
    req.response().setStatusCode(200).end(body.encode());
  }

  private static void error(HttpServerRequest req, int status, String desc, String message) {
    req.response().setStatusCode(status).end(new JsonObject().put("error", new JsonObject().put("statuscode", status)
      .put("statusdesc", desc).put("errormessage", message)).encode());
  }
}
