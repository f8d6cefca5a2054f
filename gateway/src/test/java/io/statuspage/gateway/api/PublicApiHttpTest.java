package io.statuspage.gateway.api;

import io.statuspage.api.model.IncidentStatus;
import io.statuspage.bus.Services;
import io.statuspage.gateway.IncidentSamples;
import io.statuspage.gateway.page.PageView;
import io.statuspage.gateway.snapshot.SnapshotBuilder;
import io.statuspage.gateway.snapshot.SnapshotKeeper;
import io.statuspage.gateway.snapshot.SnapshotPart;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The new public bodies over HTTP, answered before routing from a snapshot the keeper made from its services. */
class PublicApiHttpTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Vertx vertx;
  private static SnapshotKeeper keeper;
  private static String base;

  @BeforeAll
  static void serve() throws Exception {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer(Services.Component.ADDRESS, m -> m.reply(new JsonObject()
      .put("page", new JsonObject().put("id", "page00000001").put("name", "Acme").put("url", "https://acme.test")
        .put("time_zone", "Etc/UTC").put("updated_at", "2026-11-18T13:00:00.000Z"))
      .put("components", new JsonArray())
      .put("status", new JsonObject().put("indicator", "none").put("description", "All Systems Operational"))))
      .completion().await();
    vertx.eventBus().<JsonObject>consumer(Services.Incident.ADDRESS, m -> m.reply(IncidentSamples.part(List.of(
      IncidentSamples.incident("inc000000001", "Slow API", IncidentStatus.INVESTIGATING, "2026-11-18T13:00:00Z"),
      IncidentSamples.maintenance("mnt000000001", "Upgrade", IncidentStatus.SCHEDULED, "2026-11-25T22:00:00Z",
        "2026-11-26T01:00:00Z"))))).completion().await();
    keeper = new SnapshotKeeper(vertx, SnapshotPart.ALL, address -> ServiceClient.create(vertx, address,
      Duration.ofSeconds(2)), new SnapshotBuilder(PageView.defaults()),
      Clock.fixed(Instant.parse("2026-11-18T14:00:00Z"), ZoneOffset.UTC), Duration.ofHours(1), "");
    vertx.runOnContext(v -> keeper.start());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (keeper.current() == null || keeper.current().get(SnapshotBuilder.INCIDENTS).body().length() < 100) {
      assertTrue(System.nanoTime() < deadline, "no snapshot");
      Thread.sleep(10);
    }
    PublicApi api = new PublicApi(keeper, HttpMetrics.create(null), true);
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      if (!api.serveIfPublic(request)) {
        request.response().setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1").await();
    base = "http://127.0.0.1:" + server.actualPort();
  }

  @AfterAll
  static void stop() {
    vertx.runOnContext(v -> keeper.stop());
    vertx.close().await();
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theListsCarryTheSummarysHeaders() throws Exception {
    HttpResponse<String> summary = get(SnapshotBuilder.SUMMARY);
    for (String path : List.of(SnapshotBuilder.INCIDENTS, SnapshotBuilder.UNRESOLVED, SnapshotBuilder.MAINTENANCES,
        SnapshotBuilder.UPCOMING, SnapshotBuilder.ACTIVE)) {
      HttpResponse<String> r = get(path);
      assertEquals(200, r.statusCode(), path);
      assertEquals("application/json; charset=utf-8", r.headers().firstValue("content-type").orElse(""), path);
      assertEquals("*", r.headers().firstValue("access-control-allow-origin").orElse(""), path);
      for (String header : List.of("last-modified", "cache-control", "vary", "x-content-type-options",
          "content-security-policy")) {
        assertEquals(summary.headers().firstValue(header), r.headers().firstValue(header), path + " " + header);
      }
      String etag = r.headers().firstValue("etag").orElseThrow();
      assertEquals(304, get(path, "If-None-Match", etag).statusCode(), path);
    }
    assertTrue(get(SnapshotBuilder.UPCOMING).body().contains("\"id\":\"mnt000000001\""));
    assertTrue(get("/api/v2/incidents.json?cache=123").body().contains("\"id\":\"inc000000001\""),
      "a cache-buster is ignored");
  }

  @Test
  void feedsAndPagesHaveTheirTypesAndAnIncidentsPageIsMadeWhenAsked() throws Exception {
    HttpResponse<String> atom = get("/history.atom");
    assertEquals("application/atom+xml; charset=utf-8", atom.headers().firstValue("content-type").orElse(""));
    assertTrue(atom.headers().firstValue("access-control-allow-origin").isEmpty(), "CORS only on the API");
    assertEquals("application/rss+xml; charset=utf-8", get("/history.rss").headers().firstValue("content-type")
      .orElse(""));
    HttpResponse<String> ics = get("/maintenance.ics");
    assertEquals("text/calendar; charset=utf-8", ics.headers().firstValue("content-type").orElse(""));
    assertTrue(ics.body().contains("SUMMARY:Upgrade\r\n"));
    HttpResponse<String> page = get("/incidents/inc000000001");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("content-security-policy").orElse("").contains("script-src 'self'"));
    assertTrue(page.body().contains("Slow API"));
    String etag = page.headers().firstValue("etag").orElseThrow();
    assertEquals(304, get("/incidents/inc000000001", "If-None-Match", etag).statusCode());
    assertEquals(200, get("/history").statusCode());
    assertEquals(404, get("/incidents/nope").statusCode());
    assertEquals(404, get("/incidents/").statusCode());
  }
}
