package io.statuspage.deploy;

import io.statuspage.runtime.Outage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Starts the embedded PostgreSQL again when it dies (a crash, an OOM kill, a {@code kill -9}), so that a standalone
 * installation does not stay read-only until someone restarts it. A daemon thread connects to the port every second;
 * two refusals in a row mean the server is gone. Restarts that fail are retried after 1 s, doubling up to 30 s.
 * The services' pools reconnect by themselves once the server is back.
 */
final class DatabaseSupervisor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseSupervisor.class);
  private static final Duration PROBE_EVERY = Duration.ofSeconds(1);
  private static final int REFUSALS = 2;
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final EmbeddedDatabase database;
  private final ScheduledThreadPoolExecutor executor;
  private final Outage outage = Outage.of("Embedded PostgreSQL", LOG);
  // Touched only by the executor's one thread.
  private int refusals;
  private Duration backoff = FIRST_BACKOFF;
  private volatile boolean closed;

  private DatabaseSupervisor(EmbeddedDatabase database) {
    this.database = database;
    this.executor = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "statuspage-postgres-supervisor");
      thread.setDaemon(true);
      return thread;
    });
    // On close, a pending probe or restart is dropped; one under way finishes.
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  static DatabaseSupervisor start(EmbeddedDatabase database) {
    DatabaseSupervisor supervisor = new DatabaseSupervisor(database);
    supervisor.schedule(supervisor::probe, PROBE_EVERY);
    return supervisor;
  }

  private void probe() {
    if (!database.refused()) {
      refusals = 0;
      schedule(this::probe, PROBE_EVERY);
    } else if (++refusals < REFUSALS) {
      schedule(this::probe, PROBE_EVERY);
    } else {
      outage.failed("port " + database.port() + " refuses connections; starting it again");
      restart();
    }
  }

  private void restart() {
    if (closed) {
      return;
    }
    try {
      database.restart();
      outage.succeeded();
      refusals = 0;
      backoff = FIRST_BACKOFF;
      schedule(this::probe, PROBE_EVERY);
    } catch (Exception e) {
      // Expected for a moment after a crash; the outage reminds while it lasts, the details are here.
      LOG.debug("Embedded PostgreSQL did not start, next attempt in {} s: {}", backoff.toSeconds(),
        Outage.reason(e));
      outage.failed("restart failed: " + Outage.reason(e) + "; retrying");
      schedule(this::restart, backoff);
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }
  }

  private void schedule(Runnable task, Duration delay) {
    if (!closed) {
      executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Stops watching, first thing at shutdown: a server stopped on purpose must not be started again. */
  @Override
  public void close() {
    closed = true;
    executor.shutdown();
    try {
      executor.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
