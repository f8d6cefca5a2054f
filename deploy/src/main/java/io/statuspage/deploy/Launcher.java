package io.statuspage.deploy;

import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.Node;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The one entry point of the distribution.
 *
 * <pre>
 * statuspage [--config FILE] [standalone]      every service in one JVM, embedded PostgreSQL unless db.url is set
 *                                              (started again if it dies)
 * statuspage [--config FILE] SERVICE[,SERVICE]  those services as one clustered process (gateway, component-service,
 *                                              incident-service, notifier-service, uptime-collector)
 * statuspage [--config FILE] postgres           an embedded PostgreSQL on db.embedded.port, for a local cluster
 * </pre>
 */
public final class Launcher {

  private Launcher() {
  }

  public static void main(String[] args) throws Exception {
    configureLogging();
    Path configFile = null;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        configFile = Path.of(args[++i]);
      } else if (args[i].equals("--help") || args[i].equals("-h")) {
        System.out.println(usage());
        return;
      } else {
        rest.add(args[i]);
      }
    }
    Config config = Config.load(configFile);
    String command = rest.isEmpty() ? "standalone" : rest.get(0);
    switch (command) {
      case "standalone" -> standalone(config);
      case "postgres" -> postgres(config);
      default -> clustered(config, Arrays.stream(command.split(",")).map(ServiceName::of).sorted().toList());
    }
  }

  private static void standalone(Config config) throws Exception {
    Standalone suite = Standalone.start(config);
    System.out.println("statuspage is up: http://127.0.0.1:" + config.getInt("http.port", 8080)
      + "/  (API docs at /docs; Ctrl-C to stop)");
    awaitShutdown(suite::close);
  }

  private static void clustered(Config config, List<ServiceName> services) throws Exception {
    Vertx vertx = run(config, services, true);
    System.out.println("statuspage " + services.stream().map(s -> s.id).toList() + " joined cluster "
      + config.get("cluster.name", "statuspage"));
    awaitShutdown(() -> vertx.close().await());
  }

  private static void postgres(Config config) throws Exception {
    EmbeddedDatabase embedded = EmbeddedDatabase.start(config);
    DatabaseSupervisor supervisor = DatabaseSupervisor.start(embedded);
    System.out.println("PostgreSQL is up: " + embedded.url());
    awaitShutdown(() -> {
      supervisor.close();
      embedded.close();
    });
  }

  /** Starts Vert.x and deploys the services in order; on failure, says why and exits. */
  static Vertx run(Config config, List<ServiceName> services, boolean clustered) {
    Vertx vertx = Node.start(config, clustered).await();
    Health health = Health.create(vertx);
    // With the gateway in the process, ready means it can serve the page, and the gateway asks each service itself
    // (its dependencies). The services' own checks, served too, would make the page's readiness follow the database.
    Health servicesHealth = services.contains(ServiceName.GATEWAY) ? Health.create(vertx) : health;
    Clock clock = Clock.systemUTC();
    try {
      Future<?> chain = Future.succeededFuture();
      for (ServiceName service : services) {
        Health own = service == ServiceName.GATEWAY ? health : servicesHealth;
        chain = chain.compose(v -> vertx.deployVerticle(service.verticle(config, own, clock)));
      }
      chain.await();
      if (!services.contains(ServiceName.GATEWAY)) {
        // Processes without the gateway still answer health checks and metrics.
        health.serve(vertx, config.get("management.host", "0.0.0.0"), config.getInt("management.port", 9090)).await();
      }
      return vertx;
    } catch (Exception e) {
      // Exception, not RuntimeException: await() rethrows checked failures too (a port in use: BindException).
      System.err.println("statuspage failed to start: " + e.getMessage());
      vertx.close().await();
      throw e;
    }
  }

  private interface Shutdown {
    void run() throws Exception;
  }

  private static void awaitShutdown(Shutdown shutdown) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        shutdown.run();
      } catch (Exception e) {
        System.err.println("Error during shutdown: " + e.getMessage());
      } finally {
        done.countDown();
      }
    }, "statuspage-shutdown"));
    done.await();
  }

  private static void configureLogging() {
    if (System.getProperty("java.util.logging.config.file") == null) {
      try (var in = Launcher.class.getResourceAsStream("/statuspage-logging.properties")) {
        if (in != null) {
          java.util.logging.LogManager.getLogManager().readConfiguration(in);
        }
      } catch (java.io.IOException e) {
        System.err.println("Default logging configuration not loaded: " + e.getMessage());
      }
    }
  }

  private static String usage() {
    return """
      Usage: statuspage [--config FILE] [COMMAND]
        standalone                  every service in one JVM (default); embedded PostgreSQL unless db.url is set
        SERVICE[,SERVICE...]        those services as one clustered process: gateway, component-service,
                                    incident-service, notifier-service, uptime-collector
        postgres                    an embedded PostgreSQL (db.embedded.port, db.embedded.dir) for a local cluster
      Configuration: see README.md (file, STATUSPAGE_* environment variables, -Dstatuspage.* properties).""";
  }
}
