package io.statuspage.deploy;

import io.statuspage.runtime.Config;
import io.statuspage.runtime.TestDatabase;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole suite in this JVM on its own embedded database, reached through the real gateway with an admin key, as
 * a Statuspage script reaches it: what the API tests of one resource start once for all their tests.
 */
final class Suite implements AutoCloseable {

  final Http http;
  final String pageId;
  private final String key;
  private final TestDatabase.Embedded database;
  private final Vertx vertx;

  private Suite(String key, TestDatabase.Embedded database, Vertx vertx, Http http, String pageId) {
    this.key = key;
    this.database = database;
    this.vertx = vertx;
    this.http = http;
    this.pageId = pageId;
  }

  /** Starts every service with admin key {@code key}, page URL https://status.acme.test and {@code settings}. */
  static Suite start(String key, Map<String, String> settings) throws IOException {
    TestDatabase.Embedded database = TestDatabase.embedded();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path snapshotFile = Files.createTempFile("statuspage-snapshot-", ".json");
    Files.delete(snapshotFile);
    Map<String, String> config = new HashMap<>(Map.of("snapshot.file", snapshotFile.toString(),
      "db.url", TestDatabase.url(database.options()), "http.port", String.valueOf(port), "http.host", "127.0.0.1",
      "admin.api.key", key, "page.url", "https://status.acme.test"));
    config.putAll(settings);
    Vertx vertx = Launcher.run(Config.of(config), List.of(ServiceName.values()), false);
    Http http = new Http(port);
    http.await("/health/ready", Duration.ofSeconds(30), r -> r.statusCode() == 200);
    String pageId = Http.json(http.get("/api/v2/summary.json")).getJsonObject("page").getString("id");
    return new Suite(key, database, vertx, http, pageId);
  }

  /** A management request under {@code /v1/pages/{page_id}}, with the admin key. */
  HttpResponse<String> send(String method, String path, String body, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Authorization";
    all[1] = "OAuth " + key;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return http.send(method, "/v1/pages/" + pageId + path, body, all);
  }

  /** A form body from name, value pairs, as Statuspage's examples send them. */
  static String form(String... pairs) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      s.append(s.length() == 0 ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return s.toString();
  }

  /** The first column of the first row {@code sql} returns on the suite's database (tests look at rows). */
  Object queryOne(String sql, Object... params) {
    io.vertx.sqlclient.Pool pool = io.vertx.pgclient.PgBuilder.pool().connectingTo(database.options()).using(vertx)
      .build();
    try {
      io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> rows = pool.preparedQuery(sql)
        .execute(io.vertx.sqlclient.Tuple.from(params)).await(20, java.util.concurrent.TimeUnit.SECONDS);
      return rows.iterator().hasNext() ? rows.iterator().next().getValue(0) : null;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the database did not answer " + sql, e);
    } finally {
      pool.close();
    }
  }

  @Override
  public void close() {
    vertx.close().await();
    database.close();
  }
}
