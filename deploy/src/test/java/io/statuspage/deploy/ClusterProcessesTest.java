package io.statuspage.deploy;

import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suite as separate clustered JVMs over Hazelcast: two gateways, two component services, two incident services
 * (one of them beside the other services), sharing one real PostgreSQL. Scheduled maintenance work runs once. A change made through one gateway shows on the other; when one
 * component service dies the other takes over; when both are gone, the gateways keep serving the last snapshot,
 * marked stale.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterProcessesTest {

  private static PgConnectOptions db;
  private static final String KEY = "cluster-test-key-" + UUID.randomUUID();
  private static final List<ChildProcess> processes = new ArrayList<>();
  private static ChildProcess componentService;
  private static ChildProcess secondComponentService;
  private static Http gatewayA;
  private static Http gatewayB;

  @BeforeAll
  static void startCluster() throws Exception {
    db = TestDatabase.fresh();
    Map<String, String> config = new HashMap<>(TestDatabase.config(db));
    config.put("cluster.name", "test-" + UUID.randomUUID());
    config.put("cluster.port", String.valueOf(freePortBlock()));
    config.put("admin.api.key", KEY);
    config.put("snapshot.refresh", "1s");
    config.put("bus.timeout", "2s");
    config.put("page.name", "Cluster Test");
    int portA = freePort();
    int portB = freePort();
    // One at a time: concurrent Hazelcast joins on two cores cost more than they save.
    componentService = start("component", "component-service", with(config, "management.port", freePort()));
    secondComponentService = start("component-2", "component-service", with(config, "management.port", freePort()));
    start("others", "incident-service,notifier-service,uptime-collector", with(config, "management.port", freePort()));
    start("incident-2", "incident-service", with(config, "management.port", freePort()));
    start("gateway-a", "gateway", withSnapshotFile(with(config, "http.port", portA)));
    start("gateway-b", "gateway", withSnapshotFile(with(config, "http.port", portB)));
    gatewayA = new Http(portA);
    gatewayB = new Http(portB);
    try {
      Duration boot = Duration.ofSeconds(150);
      gatewayA.await("/health/ready", boot, r -> r.statusCode() == 200);
      gatewayB.await("/health/ready", boot, r -> r.statusCode() == 200);
      gatewayB.await("/api/v2/summary.json", boot, r -> r.statusCode() == 200 && r.headers()
        .firstValue("X-Snapshot-Stale").isEmpty());
    } catch (AssertionError e) {
      processes.forEach(p -> System.err.println("---- " + p.log + "\n" + p.output()));
      throw e;
    }
  }

  private static ChildProcess start(String name, String command, Map<String, String> config) throws IOException {
    ChildProcess p = ChildProcess.start(name, command, config);
    processes.add(p);
    return p;
  }

  private static Map<String, String> with(Map<String, String> config, String key, int value) {
    Map<String, String> copy = new HashMap<>(config);
    copy.put(key, String.valueOf(value));
    return copy;
  }

  private static Map<String, String> withSnapshotFile(Map<String, String> config) throws IOException {
    Path file = Files.createTempFile("statuspage-snapshot-", ".json");
    Files.delete(file);
    Map<String, String> copy = new HashMap<>(config);
    copy.put("snapshot.file", file.toString());
    return copy;
  }

  @AfterAll
  static void stopCluster() throws InterruptedException {
    for (ChildProcess p : processes) {
      p.close();
    }
  }

  @Test
  @Order(1)
  void aStatusChangeThroughOneGatewayShowsOnTheOther() {
    String auth = "OAuth " + KEY;
    String pageId = Http.json(gatewayB.get("/api/v2/summary.json")).getJsonObject("page").getString("id");
    HttpResponse<String> created = gatewayA.send("POST", "/v1/pages/" + pageId + "/components",
      "{\"component\":{\"name\":\"Platform API\",\"status\":\"operational\"}}", "Authorization", auth);
    assertEquals(201, created.statusCode(), created.body());
    String id = Http.json(created).getString("id");

    HttpResponse<String> patched = gatewayA.send("PATCH", "/v1/pages/" + pageId + "/components/" + id,
      "{\"component\":{\"status\":\"major_outage\"}}", "Authorization", auth);
    assertEquals(200, patched.statusCode(), patched.body());

    HttpResponse<String> summary = gatewayB.await("/api/v2/summary.json", Duration.ofSeconds(10),
      r -> r.body().contains("major_outage"));
    JsonObject body = Http.json(summary);
    assertEquals("critical", body.getJsonObject("status").getString("indicator"));
    assertEquals("Major System Outage", body.getJsonObject("status").getString("description"));
    assertEquals("major_outage", body.getJsonArray("components").getJsonObject(0).getString("status"));

    HttpResponse<String> page = gatewayB.await("/", Duration.ofSeconds(10), r -> r.body().contains("Platform API"));
    assertTrue(page.body().contains("Major outage"), "page shows the status in words");
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
  }

  @Test
  @Order(2)
  void twoIncidentServicesRemindOfAMaintenanceAndStartItOnce() throws Exception {
    String auth = "OAuth " + KEY;
    JsonObject summary = Http.json(gatewayA.get("/api/v2/summary.json"));
    String pageId = summary.getJsonObject("page").getString("id");
    String componentId = summary.getJsonArray("components").getJsonObject(0).getString("id");
    Instant now = Instant.now();
    // The reminder of one is due in 3 s; the other starts in 5 s and puts its component under maintenance.
    HttpResponse<String> reminded = gatewayA.send("POST", "/v1/pages/" + pageId + "/incidents", new JsonObject()
      .put("incident", new JsonObject().put("name", "Later window")
        .put("scheduled_for", now.plus(Duration.ofMinutes(60)).plusSeconds(3).toString())
        .put("scheduled_until", now.plus(Duration.ofHours(2)).toString())
        .put("scheduled_remind_prior", true)).encode(), "Authorization", auth, "Content-Type", "application/json");
    assertEquals(201, reminded.statusCode(), reminded.body());
    HttpResponse<String> starting = gatewayB.send("POST", "/v1/pages/" + pageId + "/incidents", new JsonObject()
      .put("incident", new JsonObject().put("name", "Soon window")
        .put("scheduled_for", now.plusSeconds(5).toString())
        .put("scheduled_until", now.plus(Duration.ofHours(1)).toString())
        .put("component_ids", new JsonArray().add(componentId))
        .put("scheduled_auto_in_progress", true).put("auto_transition_to_maintenance_state", true)).encode(),
      "Authorization", auth, "Content-Type", "application/json");
    assertEquals(201, starting.statusCode(), starting.body());

    gatewayB.await("/api/v2/scheduled-maintenances/active.json", Duration.ofSeconds(30),
      r -> r.body().contains("Soon window"));
    gatewayA.await("/api/v2/components.json", Duration.ofSeconds(10), r -> r.body().contains("under_maintenance"));
    String remindedId = Http.json(reminded).getString("id");
    gatewayA.await("/v1/pages/" + pageId + "/incidents/" + remindedId, Duration.ofSeconds(10),
      r -> r.statusCode() == 200 && Http.json(r).getValue("scheduled_reminded_at") != null, "Authorization", auth);
    // Both instances poll, and both hear the events that kick them: still one of each.
    Http.sleep(3000);
    Vertx vertx = Vertx.vertx();
    try {
      Pool incidents = PgBuilder.pool()
        .connectingTo(new PgConnectOptions(db).addProperty("search_path", "incident")).using(vertx).build();
      Map<String, Long> counts = new HashMap<>();
      incidents.query("SELECT type, count(*) FROM outbox GROUP BY type").execute().await()
        .forEach(row -> counts.put(row.getString(0), row.getLong(1)));
      assertEquals(1L, counts.get("maintenance.reminder"), counts::toString);
      assertEquals(1L, counts.get("maintenance.started"), counts::toString);
      assertEquals(0L, incidents.query("SELECT count(*) FROM scheduled_work WHERE kind <> 'maintenance.remind' "
        + "OR key <> '" + remindedId + "'").execute().await().iterator().next().getLong(0), "no work left over");
    } finally {
      vertx.close().await();
    }
  }

  @Test
  @Order(3)
  void whenOneComponentServiceDiesTheOtherTakesOver() throws Exception {
    componentService.kill();
    String pageId = Http.json(gatewayA.get("/api/v2/summary.json")).getJsonObject("page").getString("id");
    // Until Hazelcast has dropped the dead member a request may still go its way and time out (503); then the
    // survivor answers every request.
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    HttpResponse<String> created;
    do {
      created = gatewayA.send("POST", "/v1/pages/" + pageId + "/components",
        "{\"component\":{\"name\":\"Platform Database\"}}", "Authorization", "OAuth " + KEY);
    } while (created.statusCode() == 503 && System.nanoTime() < deadline);
    assertEquals(201, created.statusCode(), created.body());
    HttpResponse<String> summary = gatewayB.await("/api/v2/summary.json", Duration.ofSeconds(10),
      r -> r.body().contains("Platform Database"));
    assertTrue(summary.headers().firstValue("X-Snapshot-Stale").isEmpty(), "still fresh with one survivor");
  }

  @Test
  @Order(4)
  void gatewaysKeepServingTheLastSnapshotWhenTheComponentServiceIsGone() throws Exception {
    secondComponentService.kill();
    HttpResponse<String> stale = gatewayB.await("/api/v2/summary.json", Duration.ofSeconds(30),
      r -> r.headers().firstValue("X-Snapshot-Stale").isPresent());
    assertEquals(200, stale.statusCode());
    assertTrue(stale.body().contains("Platform API"), "the last known components are still served");

    HttpResponse<String> page = gatewayA.await("/", Duration.ofSeconds(30),
      r -> r.body().contains("data-stale=\"true\""));
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("Platform API"));

    // A write now cannot reach the owner: a clear 503, not a hang.
    String pageId = Http.json(stale).getJsonObject("page").getString("id");
    HttpResponse<String> write = gatewayA.send("POST", "/v1/pages/" + pageId + "/components",
      "{\"component\":{\"name\":\"Later\"}}", "Authorization", "OAuth " + KEY);
    assertEquals(503, write.statusCode(), write.body());
    assertTrue(write.headers().firstValue("Retry-After").isPresent());
    assertEquals("application/problem+json", write.headers().firstValue("Content-Type").orElse(""));

    // Health tells the two apart: still ready (it serves the page), but writes cannot work.
    assertEquals(200, gatewayA.get("/health/ready").statusCode());
    HttpResponse<String> writeHealth = gatewayA.await("/health/write", Duration.ofSeconds(10),
      r -> r.statusCode() == 503);
    JsonObject dependencies = Http.json(writeHealth).getJsonObject("dependencies");
    assertEquals("DOWN", dependencies.getJsonObject("component-service").getString("status"), writeHealth.body());
    assertEquals("UP", dependencies.getJsonObject("incident-service").getString("status"), writeHealth.body());
    assertEquals("UP", dependencies.getJsonObject("database").getString("status"), writeHealth.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A base port with room for a few Hazelcast members above it. */
  private static int freePortBlock() {
    return 20000 + (int) (Math.random() * 20000);
  }
}
