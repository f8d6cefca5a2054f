package io.statuspage.deploy;

import io.statuspage.runtime.Config;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole suite in one JVM, as the README's first command runs it, driven through the real gateway: the
 * management API with Statuspage's auth styles, bad input of every kind, the public JSON and page, and what
 * happens when the database goes away.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneTest {

  private static final String KEY = "standalone-test-key";
  private static TestDatabase.Embedded database;
  private static Config config;
  private static Vertx vertx;
  private static Http http;
  private static String pageId;

  @BeforeAll
  static void start() throws IOException {
    database = TestDatabase.embedded();
    int port = freePort();
    Path snapshotFile = Files.createTempFile("statuspage-snapshot-", ".json");
    Files.delete(snapshotFile);
    config = Config.of(Map.of(
      "snapshot.file", snapshotFile.toString(),
      "db.url", TestDatabase.url(database.options()),
      "http.port", String.valueOf(port),
      "http.host", "127.0.0.1",
      "admin.api.key", KEY,
      "page.name", "Acme Platform",
      "snapshot.refresh", "1s",
      "bus.timeout", "2s"));
    vertx = Launcher.run(config, List.of(ServiceName.values()), false);
    http = new Http(port);
    http.await("/health/ready", Duration.ofSeconds(30), r -> r.statusCode() == 200);
    pageId = Http.json(http.get("/api/v2/summary.json")).getJsonObject("page").getString("id");
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
    if (database != null) {
      database.close();
    }
  }

  private static HttpResponse<String> write(String method, String path, String body) {
    return http.send(method, "/v1/pages/" + pageId + path, body, "Authorization", "OAuth " + KEY);
  }

  @Test
  @Order(1)
  void componentsAreManagedWithStatuspageRoutesAndShownOnThePublicApi() {
    HttpResponse<String> created = write("POST", "/components",
      "{\"component\":{\"name\":\"Platform HTTPS\",\"description\":\"Apps and the CDN\"}}");
    assertEquals(201, created.statusCode(), created.body());
    JsonObject component = Http.json(created);
    assertEquals("operational", component.getString("status"));
    assertEquals(pageId, component.getString("page_id"));

    // Bearer and ?api_key= work as well as OAuth; the .json suffix too.
    HttpResponse<String> listed = http.get("/v1/pages/" + pageId + "/components.json", "Authorization", "Bearer " + KEY);
    assertEquals(200, listed.statusCode(), listed.body());
    assertEquals(1, Http.array(listed).size());
    HttpResponse<String> byQuery = http.get("/v1/pages/" + pageId + "/components/" + component.getString("id")
      + "?api_key=" + KEY);
    assertEquals(200, byQuery.statusCode(), byQuery.body());

    HttpResponse<String> patched = write("PATCH", "/components/" + component.getString("id"),
      "{\"component\":{\"status\":\"degraded_performance\"}}");
    assertEquals(200, patched.statusCode(), patched.body());

    HttpResponse<String> status = http.await("/api/v2/status.json", Duration.ofSeconds(5),
      r -> r.body().contains("minor"));
    assertEquals("Degraded System Service", Http.json(status).getJsonObject("status").getString("description"));
    assertEquals("*", status.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    assertTrue(status.headers().firstValue("Cache-Control").orElse("").contains("max-age"));
    assertNotNull(status.headers().firstValue("Last-Modified").orElse(null));

    HttpResponse<String> history = http.get("/v1/pages/" + pageId + "/components/" + component.getString("id")
      + "/status_changes", "Authorization", "OAuth " + KEY);
    assertEquals(200, history.statusCode(), history.body());
    JsonObject latest = Http.array(history).getJsonObject(0);
    assertEquals("degraded_performance", latest.getString("new_status"));
    assertTrue(latest.getString("actor").startsWith("key:"), latest.encode());

    HttpResponse<String> page = http.get("/");
    assertTrue(page.body().contains("Platform HTTPS"));
    assertTrue(page.body().contains("Degraded performance"));
    assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src"));
    assertTrue(page.body().contains("href=\"/subscribe\""));

    HttpResponse<String> subscribe = http.get("/subscribe");
    assertEquals(200, subscribe.statusCode());
    assertTrue(subscribe.body().contains("Subscribe to updates - Acme Platform status"), "page name in the title");
  }

  @Test
  @Order(2)
  void formEncodedBodiesWorkAsInStatuspagesOwnExamples() {
    String form = "application/x-www-form-urlencoded";
    HttpResponse<String> created = http.send("POST", "/v1/pages/" + pageId + "/components",
      "component[name]=Platform+Database&component[showcase]=true&component[position]=1", "Authorization",
      "OAuth " + KEY, "Content-Type", form);
    assertEquals(201, created.statusCode(), created.body());
    JsonObject component = Http.json(created);
    assertEquals("Platform Database", component.getString("name"));
    assertEquals(true, component.getBoolean("showcase"));
    assertEquals(1, component.getInteger("position"));

    HttpResponse<String> patched = http.send("PATCH", "/v1/pages/" + pageId + "/components/"
      + component.getString("id"), "component[status]=major_outage", "Authorization", "OAuth " + KEY,
      "Content-Type", form);
    assertEquals(200, patched.statusCode(), patched.body());
    assertEquals("major_outage", Http.json(patched).getString("status"));

    HttpResponse<String> group = http.send("POST", "/v1/pages/" + pageId + "/component-groups",
      "description=Data&component_group[name]=Storage&component_group[components][]=" + component.getString("id"),
      "Authorization", "OAuth " + KEY, "Content-Type", form);
    assertEquals(201, group.statusCode(), group.body());
    assertEquals(component.getString("id"), Http.json(group).getJsonArray("components").getString(0));

    HttpResponse<String> invalid = http.send("PATCH", "/v1/pages/" + pageId + "/components/"
      + component.getString("id"), "component[status]=broken", "Authorization", "OAuth " + KEY,
      "Content-Type", form);
    assertEquals(400, invalid.statusCode(), invalid.body());
    assertEquals("component.status", Http.json(invalid).getString("field"));
  }

  @Test
  @Order(3)
  void etagsAnswerConditionalRequests() {
    // Let the rebuilds from earlier writes settle: the same body twice in a row.
    String[] previous = {""};
    HttpResponse<String> first = http.await("/api/v2/summary.json", Duration.ofSeconds(10), r -> {
      String etag = r.headers().firstValue("ETag").orElse("");
      boolean settled = etag.equals(previous[0]);
      previous[0] = etag;
      return settled;
    });
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertEquals(304, http.get("/api/v2/summary.json", "If-None-Match", etag).statusCode());
    assertEquals(200, http.get("/api/v2/summary.json", "If-None-Match", "\"other\"").statusCode());
    String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
    HttpResponse<String> since = http.get("/api/v2/summary.json", "If-Modified-Since", lastModified);
    assertEquals(304, since.statusCode(), lastModified + " then " + since.headers().map());
    assertEquals(200, http.get("/api/v2/summary.json", "If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT")
      .statusCode());
  }

  @Test
  @Order(3)
  void browsersGetEachBodyCompressedOnceAndScriptsThatDoNotAskGetItPlain() throws IOException {
    for (String path : List.of("/", "/api/v2/summary.json", "/assets/govuk-frontend.min.css")) {
      // The page says how old its data is, so it may change between two requests: take a pair of one version.
      HttpResponse<byte[]> plain;
      HttpResponse<byte[]> gzip;
      int tries = 0;
      do {
        plain = http.bytes("GET", path);
        gzip = http.bytes("GET", path, "Accept-Encoding", "gzip, deflate, br");
      } while (!http.bytes("HEAD", path).headers().firstValue("ETag").equals(plain.headers().firstValue("ETag"))
        && ++tries < 10);
      assertEquals(200, gzip.statusCode(), path);
      assertEquals(List.of("gzip"), gzip.headers().allValues("Content-Encoding"), path);
      assertTrue(plain.headers().firstValue("Content-Encoding").isEmpty(), path);
      assertEquals(List.of("Accept-Encoding"), gzip.headers().allValues("Vary"), path);
      String etag = plain.headers().firstValue("ETag").orElseThrow();
      String gzipEtag = gzip.headers().firstValue("ETag").orElseThrow();
      assertEquals(etag.replaceFirst("\"$", "-gzip\""), gzipEtag, path + ": its own validator");
      // Decompressed once it is the plain body: the server's own compressor left it alone.
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
        assertArrayEquals(plain.body(), in.readAllBytes(), path);
      }
      HttpResponse<byte[]> head = http.bytes("HEAD", path, "Accept-Encoding", "gzip");
      assertEquals(String.valueOf(gzip.body().length), head.headers().firstValue("Content-Length").orElse(""), path);
      assertEquals(304, http.bytes("GET", path, "Accept-Encoding", "gzip", "If-None-Match", gzipEtag).statusCode());
      assertEquals(304, http.bytes("GET", path, "Accept-Encoding", "gzip", "If-None-Match", etag).statusCode());
      HttpResponse<byte[]> refused = http.bytes("GET", path, "Accept-Encoding", "gzip;q=0");
      assertTrue(refused.headers().firstValue("Content-Encoding").isEmpty(), path);
      assertArrayEquals(plain.body(), refused.body(), path);
    }
  }

  @ParameterizedTest(name = "{0}")
  @Order(4)
  @CsvSource(delimiter = '|', value = {
    "unknown field         | POST  | /components | {\"component\":{\"name\":\"x\",\"colour\":\"red\"}} | 400 | component.colour",
    "wrong enum            | POST  | /components | {\"component\":{\"name\":\"x\",\"status\":\"broken\"}}  | 400 | component.status",
    "name too long         | POST  | /components | {\"component\":{\"name\":\"" + "NAME256" + "\"}}         | 400 | component.name",
    "missing name          | POST  | /components | {\"component\":{\"description\":\"x\"}}                | 400 | component.name",
    "bad JSON              | POST  | /components | {\"component\":                                     | 400 | body",
    "unknown wrapper field | POST  | /components | {\"component\":{\"name\":\"x\"},\"extra\":1}            | 400 | extra",
    "unknown group         | POST  | /components | {\"component\":{\"name\":\"x\",\"group_id\":\"nope\"}}  | 422 | component.group_id",
    "unknown component     | PATCH | /components/doesnotexist | {\"component\":{\"status\":\"operational\"}} | 404 | ",
    "per_page too big      | GET   | /components?per_page=5000 |                                            | 400 | per_page",
  })
  void badInputGetsAProblemNamingTheField(String name, String method, String path, String body, int status,
                                          String field) {
    String payload = body == null ? null : body.replace("NAME256", "n".repeat(256));
    HttpResponse<String> response = "GET".equals(method)
      ? http.get("/v1/pages/" + pageId + path, "Authorization", "OAuth " + KEY)
      : write(method, path, payload);
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    JsonObject problem = Http.json(response);
    assertEquals(status, problem.getInteger("status"));
    assertNotNull(problem.getString("detail"));
    if (field != null) {
      assertEquals(field, problem.getString("field"), problem.encode());
    }
  }

  @Test
  @Order(5)
  void inputThatOnlyTheDatabaseWouldRefuseIsStillA4xx() {
    HttpResponse<String> nul = write("POST", "/components", "{\"component\":{\"name\":\"a\\u0000b\"}}");
    assertEquals(400, nul.statusCode(), nul.body());
    assertEquals("component.name", Http.json(nul).getString("field"));

    HttpResponse<String> form = http.send("POST", "/v1/pages/" + pageId + "/components", "component[name]=%zz",
      "Authorization", "OAuth " + KEY, "Content-Type", "application/x-www-form-urlencoded");
    assertEquals(400, form.statusCode(), form.body());

    HttpResponse<String> huge = write("POST", "/components", "{\"component\":{\"name\":\""
      + "a".repeat(70_000) + "\"}}");
    assertEquals(413, huge.statusCode(), huge.body());
    assertEquals("application/problem+json", huge.headers().firstValue("Content-Type").orElse(""));
  }

  @Test
  @Order(6)
  void badInputChangesNothing() {
    String before = http.get("/v1/pages/" + pageId + "/components", "Authorization", "OAuth " + KEY).body();
    write("POST", "/components", "{\"component\":{\"name\":\"x\",\"group_id\":\"nope\"}}");
    write("POST", "/components", "{\"component\":{\"name\":\"x\",\"status\":\"broken\"}}");
    assertEquals(before, http.get("/v1/pages/" + pageId + "/components", "Authorization", "OAuth " + KEY).body());
  }

  @ParameterizedTest(name = "{0}")
  @Order(7)
  @CsvSource(delimiter = '|', value = {
    "no key       | ",
    "wrong key    | OAuth not-a-key",
    "wrong scheme | Basic dXNlcjpwYXNz",
  })
  void missingOrBadKeysGet401(String name, String authorization) {
    HttpResponse<String> response = authorization == null
      ? http.send("POST", "/v1/pages/" + pageId + "/components", "{\"component\":{\"name\":\"x\"}}")
      : http.send("POST", "/v1/pages/" + pageId + "/components", "{\"component\":{\"name\":\"x\"}}",
        "Authorization", authorization);
    assertEquals(401, response.statusCode(), response.body());
    assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    assertEquals("Authorization", Http.json(response).getString("field"));
  }

  @Test
  @Order(8)
  void unknownPagesAndRoutesAre404Problems() {
    HttpResponse<String> page = http.get("/v1/pages/nosuchpage/components", "Authorization", "OAuth " + KEY);
    assertEquals(404, page.statusCode(), page.body());
    HttpResponse<String> route = http.get("/api/v2/nothing-here.json", "Accept", "text/html");
    assertEquals(404, route.statusCode());
    assertEquals("application/problem+json", route.headers().firstValue("Content-Type").orElse(""));

    // A person who mistypes a page address gets a page, not JSON.
    HttpResponse<String> missing = http.get("/incidents/nope", "Accept", "text/html,application/xhtml+xml");
    assertEquals(404, missing.statusCode());
    assertTrue(missing.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(missing.body().contains("Go to the current status"));
  }

  @Test
  @Order(9)
  void theContractAndItsDocsAreServed() {
    HttpResponse<String> yaml = http.get("/openapi.yaml");
    assertEquals(200, yaml.statusCode());
    assertTrue(yaml.body().startsWith("openapi: 3.1.0"));
    HttpResponse<String> docs = http.get("/docs");
    assertEquals(200, docs.statusCode());
    assertTrue(docs.body().contains("createComponent") || docs.body().contains("/v1/pages/{page_id}/components"));
    HttpResponse<String> metrics = http.get("/metrics");
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().contains("statuspage_public_responses_total"), metrics.body());
    assertTrue(metrics.body().contains("statuspage_http_requests_seconds_count"
      + "{method=\"POST\",operation=\"createComponent\",status=\"201\"}"), "routed requests are timed per operation");
    assertEquals(200, http.get("/health/live").statusCode());
    HttpResponse<String> write = http.get("/health/write");
    assertEquals(200, write.statusCode(), write.body());
    JsonObject dependencies = Http.json(write).getJsonObject("dependencies");
    for (String name : List.of("database", "component-service", "incident-service", "notifier-service",
      "uptime-collector")) {
      assertEquals("UP", dependencies.getJsonObject(name).getString("status"), write.body());
    }
  }

  @Test
  @Order(10)
  void withTheDatabaseDownThePageIsStillServedMarkedStale() {
    database.close();
    HttpResponse<String> json = http.await("/api/v2/summary.json", Duration.ofSeconds(30),
      r -> r.headers().firstValue("X-Snapshot-Stale").isPresent());
    assertEquals(200, json.statusCode());
    assertTrue(json.body().contains("Platform HTTPS"), "last known data");
    HttpResponse<String> page = http.get("/");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("data-stale=\"true\""));
    assertTrue(page.body().contains("Platform HTTPS"));

    // Writes fail cleanly while the database is away.
    HttpResponse<String> write = write("POST", "/components", "{\"component\":{\"name\":\"Later\"}}");
    assertEquals(503, write.statusCode(), write.body());
    assertEquals("application/problem+json", write.headers().firstValue("Content-Type").orElse(""));
    assertTrue(write.headers().firstValue("Retry-After").isPresent());

    // Health says so, apart: the page is served (ready), the write path is not.
    HttpResponse<String> writeHealth = http.await("/health/write", Duration.ofSeconds(10), r -> r.statusCode() == 503);
    JsonObject down = Http.json(writeHealth).getJsonObject("dependencies");
    assertEquals("DOWN", down.getJsonObject("database").getString("status"), writeHealth.body());
    assertEquals("DOWN", down.getJsonObject("component-service").getString("status"), "its database is down");
    HttpResponse<String> ready = http.get("/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    JsonObject readyBody = Http.json(ready);
    assertEquals("UP", readyBody.getString("status"));
    assertEquals("UP", readyBody.getJsonObject("checks").getJsonObject("snapshot").getString("status"));
    JsonObject database = readyBody.getJsonObject("dependencies").getJsonObject("database");
    assertEquals("DOWN", database.getString("status"), ready.body());
    assertNotNull(database.getString("error"));
  }

  @Test
  @Order(11)
  void aGatewayRestartedWhileTheDatabaseIsDownServesTheLastPageItSaw() {
    vertx.close().await();
    vertx = Launcher.run(config, List.of(ServiceName.GATEWAY), false);

    HttpResponse<String> page = http.await("/", Duration.ofSeconds(20), r -> r.statusCode() == 200);
    assertTrue(page.body().contains("data-stale=\"true\""));
    assertTrue(page.body().contains("Platform HTTPS"), "the components it served before the restart");
    assertEquals(200, http.get("/health/ready").statusCode(), "ready: it can serve the page");
    HttpResponse<String> writeHealth = http.get("/health/write");
    assertEquals(503, writeHealth.statusCode(), writeHealth.body());
    assertEquals("DOWN", Http.json(writeHealth).getJsonObject("dependencies").getJsonObject("uptime-collector")
      .getString("status"), "no service runs beside this gateway");

    // An unknown key cannot be checked without the database: 503, not a misleading 401.
    HttpResponse<String> write = http.send("POST", "/v1/pages/" + pageId + "/components",
      "{\"component\":{\"name\":\"Later\"}}", "Authorization", "OAuth some-other-key");
    assertEquals(503, write.statusCode(), write.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
