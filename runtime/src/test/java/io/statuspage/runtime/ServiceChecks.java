package io.statuspage.runtime;

import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every service must show once deployed: its schema migrated, and ready on /health/ready. */
public final class ServiceChecks {

  private ServiceChecks() {
  }

  /** One service deployed on its own Vert.x and a fresh database. */
  public record Deployed(Vertx vertx, PgConnectOptions db, Health health) implements AutoCloseable {

    public JsonObject request(String address, String action) {
      return vertx.eventBus().<JsonObject>request(address, new JsonObject(),
        new DeliveryOptions().addHeader(io.statuspage.bus.Services.ACTION, action)).map(Message::body).await();
    }

    @Override
    public void close() {
      vertx.close().await();
    }
  }

  /** Deploys the verticle {@code service} makes from a configuration pointing at a fresh database. */
  public static Deployed deploy(BiFunction<Config, Health, Deployable> service) {
    PgConnectOptions db = TestDatabase.fresh();
    Config config = Config.of(TestDatabase.config(db));
    Vertx vertx = Node.start(config, false).await();
    Health health = Health.create(vertx);
    vertx.deployVerticle(service.apply(config, health)).await();
    return new Deployed(vertx, db, health);
  }

  /** Asserts Flyway brought {@code schema} up and {@code table} exists in it. */
  public static void assertMigrated(PgConnectOptions db, String schema, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection(Database.jdbcUrl(db), db.getUser(), db.getPassword());
         ResultSet rs = c.createStatement().executeQuery(
           "SELECT (SELECT count(*) FROM " + schema + ".flyway_schema_history WHERE success) AS migrations, "
             + "to_regclass('" + schema + ".\"" + table + "\"') IS NOT NULL AS has_table")) {
      assertTrue(rs.next());
      assertTrue(rs.getInt("migrations") >= 1, "migrations applied in " + schema);
      assertTrue(rs.getBoolean("has_table"), schema + "." + table + " exists");
    }
  }

  /** Serves {@code health} on a free port and asserts the process is ready with {@code check} among its checks. */
  public static void assertReady(Vertx vertx, Health health, String check) throws Exception {
    HttpServer server = health.serve(vertx, "127.0.0.1", 0).await();
    try {
      HttpResponse<String> live = get(server.actualPort(), "/health/live");
      assertEquals(200, live.statusCode(), live.body());
      HttpResponse<String> ready = get(server.actualPort(), "/health/ready");
      assertEquals(200, ready.statusCode(), ready.body());
      JsonObject body = new JsonObject(ready.body());
      assertEquals("UP", body.getString("status"));
      JsonObject state = body.getJsonObject("checks").getJsonObject(check);
      assertTrue(state != null && "UP".equals(state.getString("status")), ready.body());
      HttpResponse<String> write = get(server.actualPort(), "/health/write");
      assertEquals(200, write.statusCode(), write.body());
      HttpResponse<String> metrics = get(server.actualPort(), "/metrics");
      assertEquals(200, metrics.statusCode());
    } finally {
      server.close().await();
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .build(), HttpResponse.BodyHandlers.ofString());
  }
}
