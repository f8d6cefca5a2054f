package io.statuspage.gateway;

import io.statuspage.bus.Services;
import io.statuspage.gateway.access.ApiKeys;
import io.statuspage.gateway.api.IdempotencyKeys;
import io.statuspage.gateway.api.IdempotentWrites;
import io.statuspage.gateway.api.ManagementApi;
import io.statuspage.gateway.api.ServiceClient;
import io.statuspage.gateway.api.SubscriberPages;
import io.statuspage.gateway.api.ClientAddress;
import io.statuspage.gateway.api.ClientRateLimit;
import io.statuspage.gateway.page.ApiDocs;
import io.statuspage.gateway.page.PageView;
import io.statuspage.gateway.page.PublicPage;
import io.statuspage.gateway.snapshot.SnapshotBuilder;
import io.statuspage.gateway.snapshot.SnapshotKeeper;
import io.statuspage.gateway.snapshot.SnapshotPart;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Database;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.Outage;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gateway: owns the API keys (schema {@code gateway}), keeps the public snapshot, and runs one HTTP server
 * per event loop. Only wires.
 *
 * <p>Configuration: {@code http.host} (0.0.0.0), {@code http.port} (8080), {@code http.instances} (cores),
 * {@code admin.api.key} (else one is generated and printed once), {@code bus.timeout} (5s),
 * {@code snapshot.refresh} (30s), {@code branding.*}, {@code page.url} (an origin the public forms are accepted
 * from), {@code subscribe.rate.limit} (10) per {@code subscribe.rate.window} (1h): Subscribe form POSTs per client.
 */
public final class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  /** The services the write path goes through, by the names health reports use, and where they answer. */
  private static final List<Map.Entry<String, String>> SERVICES = List.of(
    Map.entry("component-service", Services.Component.ADDRESS),
    Map.entry("incident-service", Services.Incident.ADDRESS),
    Map.entry("notifier-service", Services.Notifier.ADDRESS),
    Map.entry("uptime-collector", Services.Uptime.ADDRESS));
  // Well under the bus timeout: a health check must answer before a load balancer gives up on it.
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(1);
  // Any gateway may prune: keys older than the window are ignored anyway, this only keeps the table small.
  private static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

  private final Config config;
  private final Health health;
  private final Clock clock;
  private final Outage database = Outage.of("Gateway database", LOG);
  private Pool pool;
  private SnapshotKeeper keeper;
  private ApiKeys keys;
  private long pruneTimer = -1;
  private volatile boolean prepared;

  public GatewayVerticle(Config config, Health health, Clock clock) {
    this.config = config;
    this.health = health;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    PgConnectOptions server = Database.connectOptions(config);
    Duration busTimeout = config.getDuration("bus.timeout", Duration.ofSeconds(5));
    PageView branding = branding(config);
    keeper = new SnapshotKeeper(vertx, SnapshotPart.ALL, address -> ServiceClient.create(vertx, address, busTimeout),
      new SnapshotBuilder(branding), clock,
      config.getDuration("snapshot.refresh", Duration.ofSeconds(30)),
      config.get("snapshot.file", "data/gateway-snapshot.json"));
    // The pool connects on first use, so nothing here waits for the database.
    pool = Database.pool(vertx, server, "gateway", config.getInt("db.pool.size", 4));
    keys = ApiKeys.create(pool, database);
    IdempotentWrites writes = IdempotentWrites.create(IdempotencyKeys.create(pool, database), clock, busTimeout);
    pruneTimer = vertx.setPeriodic(PRUNE_INTERVAL.toMillis(), id -> writes.prune());
    // Per gateway: with n gateways behind a balancer a client gets up to n times the limit.
    ClientRateLimit limit = ClientRateLimit.create(config.getInt("subscribe.rate.limit", 10),
      config.getDuration("subscribe.rate.window", Duration.ofHours(1)), clock);
    ClientAddress clients = clientAddress(config);
    return Future.join(prepareDatabase(server), keeper.restore())
      .recover(degraded -> Future.succeededFuture())
      .compose(prepared -> Contract.load(vertx))
      .compose(contract -> {
        // The docs show the contract as published, not the router's adapted copy.
        Buffer docs = Buffer.buffer(ApiDocs.render(contract.yaml().toString(StandardCharsets.UTF_8), branding)
          .getBytes(StandardCharsets.UTF_8));
        Gateway gateway = new Gateway(config.get("http.host", "0.0.0.0"), config.getInt("http.port", 8080),
          config.getBoolean("http.compression", true),
          contract.routing(), contract.document(), contract.yaml(), docs,
          PublicPage.contentSecurityPolicy(branding), keys, ManagementApi.create(vertx, busTimeout, writes),
          SubscriberPages.create(keeper, ServiceClient.create(vertx, Services.Notifier.ADDRESS, busTimeout), limit,
            clients,
            config.get("page.url", null), branding, HttpVerticle.BODY_LIMIT),
          keeper, health);
        return keeper.start().compose(started -> vertx.deployVerticle(() -> new HttpVerticle(gateway),
          new DeploymentOptions().setInstances(config.getInt("http.instances",
            Runtime.getRuntime().availableProcessors()))));
      })
      .onSuccess(deployed -> registerHealth());
  }

  /**
   * Ready means able to serve the public page. Not the database: a gateway taken out of rotation because the
   * database is down would take the status page down exactly when it is needed. The database and the services are
   * dependencies: listed by /health/ready, required by /health/write.
   */
  private void registerHealth() {
    health.readiness("snapshot", () -> keeper.current() != null
      ? Future.succeededFuture() : Future.failedFuture("no snapshot yet"));
    health.dependency("database", () -> pool.query("SELECT 1").execute()
      .compose(up -> prepared ? Future.succeededFuture() : Future.failedFuture("gateway schema not migrated yet")));
    for (Map.Entry<String, String> service : SERVICES) {
      ServiceClient client = ServiceClient.create(vertx, service.getValue(), PING_TIMEOUT);
      health.dependency(service.getKey(), () -> client.request(Services.PING, new JsonObject(), null));
    }
  }

  /**
   * Migrates the gateway's schema and makes sure there is an admin key. When the database is away the gateway
   * starts anyway, serving the saved snapshot, and this is retried until it succeeds; the management API answers
   * 503 meanwhile.
   */
  private Future<Void> prepareDatabase(PgConnectOptions server) {
    return Database.migrate(vertx, server, "gateway", 0)
      .compose(migrated -> keys.bootstrap(config.get("admin.api.key").orElse(null)))
      .onSuccess(key -> {
        prepared = true;
        database.succeeded();
        announce(key);
      })
      .onFailure(e -> {
        database.failed(Outage.reason(e) + "; retrying every 5 s");
        vertx.setTimer(5_000, id -> prepareDatabase(server));
      })
      .mapEmpty();
  }

  private static PageView branding(Config config) {
    return PageView.of(null, false).withBranding(config.get("branding.colour", null), config.get("branding.logo", null),
      config.get("branding.footer", null), config.get("branding.accessibility.url", null));
  }

  private void announce(ApiKeys.NewKey key) {
    if (key.created() && key.secret() != null) {
      // Shown once, on the console only: it is stored hashed.
      System.out.println();
      System.out.println("  Admin API key (shown once, store it now): " + key.secret());
      System.out.println("  Use it as:  Authorization: OAuth " + key.secret());
      System.out.println();
    } else if (key.created()) {
      LOG.info("Registered the admin API key from the configuration");
    }
  }

  @Override
  public Future<?> stop() {
    if (keeper != null) {
      keeper.stop();
    }
    vertx.cancelTimer(pruneTimer);
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  /** The reverse proxies whose X-Forwarded-For names the client ({@code http.trusted.proxies}); none by default. */
  private static ClientAddress clientAddress(Config config) {
    try {
      return ClientAddress.create(List.of(config.get("http.trusted.proxies", "").split(",")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Configuration http.trusted.proxies: " + e.getMessage(), e);
    }
  }
}
