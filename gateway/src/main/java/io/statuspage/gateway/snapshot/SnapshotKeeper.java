package io.statuspage.gateway.snapshot;

import io.statuspage.bus.Services;
import io.statuspage.gateway.api.ServiceClient;
import io.statuspage.runtime.Outage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps this gateway's snapshot current: rebuilt (debounced) when a service publishes an event, and on a slow
 * timer as a safety net. When a rebuild fails the previous snapshot stays and is marked stale, so the page keeps
 * being served while the database or a service is down.
 */
public final class SnapshotKeeper {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotKeeper.class);
  private static final long DEBOUNCE_MS = 25;
  private static final long RETRY_MS = 1_000;

  private final Vertx vertx;
  private final ServiceClient components;
  private final ServiceClient incidents;
  private final SnapshotBuilder builder;
  private final Clock clock;
  private final Duration interval;
  private final SnapshotStore store;
  private final AtomicReference<Snapshot> current = new AtomicReference<>();
  // Retried every two seconds while they last: logged when they start and end.
  private final Outage componentsOutage = Outage.of("component-service (snapshot)", LOG);
  private final Outage incidentsOutage = Outage.of("incident-service (snapshot)", LOG);
  private String savedEtag;
  private JsonObject lastIncidents = new JsonObject();
  private boolean building;
  private boolean dirty;
  private long debounceTimer = -1;
  private long periodicTimer = -1;

  /**
   * @param file where the last good snapshot is kept across restarts (blank: nowhere)
   */
  public SnapshotKeeper(Vertx vertx, ServiceClient components, ServiceClient incidents, SnapshotBuilder builder,
                        Clock clock, Duration interval, String file) {
    this.vertx = vertx;
    this.store = SnapshotStore.file(vertx, file);
    this.components = components;
    this.incidents = incidents;
    this.builder = builder;
    this.clock = clock;
    this.interval = interval;
  }

  /** The snapshot to serve, or null before the first successful build. */
  public Snapshot current() {
    return current.get();
  }

  /**
   * Serves the snapshot saved by the last run, marked stale, until the first refresh: what the page showed before a
   * restart is better than nothing while the services are down.
   */
  public Future<Void> restore() {
    return store.load().map(saved -> {
      if (saved != null && current.get() == null) {
        try {
          Snapshot restored = builder.restore(saved);
          lastIncidents = restored.incidentsPart();
          current.compareAndSet(null, restored);
          LOG.info("Serving the saved snapshot until the services answer");
        } catch (RuntimeException e) {
          LOG.warn("Saved snapshot ignored: {}", e.getMessage());
        }
      }
      return null;
    });
  }

  /** Subscribes to the services' events and starts building; does not wait for the first snapshot. */
  public Future<Void> start() {
    Future<Void> componentEvents = vertx.eventBus().consumer(Services.Component.EVENTS, m -> changed()).completion();
    Future<Void> incidentEvents = vertx.eventBus().consumer(Services.Incident.EVENTS, m -> changed()).completion();
    periodicTimer = vertx.setPeriodic(interval.toMillis(), id -> changed());
    return Future.all(componentEvents, incidentEvents).onSuccess(v -> changed()).mapEmpty();
  }

  public void stop() {
    vertx.cancelTimer(periodicTimer);
    vertx.cancelTimer(debounceTimer);
  }

  /** Something changed: rebuild soon, coalescing a burst of events into one rebuild. */
  public void changed() {
    dirty = true;
    if (debounceTimer < 0 && !building) {
      debounceTimer = vertx.setTimer(DEBOUNCE_MS, id -> {
        debounceTimer = -1;
        rebuild();
      });
    }
  }

  /** Rebuilds now; completes when done (used by tests and start-up). */
  public Future<Snapshot> rebuild() {
    dirty = false;
    building = true;
    Future<JsonObject> componentsPart = fetch(components, Services.Component.SNAPSHOT);
    Future<JsonObject> incidentsPart = fetch(incidents, Services.Incident.SNAPSHOT);
    return Future.join(componentsPart, incidentsPart)
      .transform(done -> {
        building = false;
        Snapshot next;
        Snapshot previous = current.get();
        if (incidentsPart.succeeded()) {
          incidentsOutage.succeeded();
        } else {
          incidentsOutage.failed(Outage.reason(incidentsPart.cause()) + "; keeping the last incidents");
        }
        if (componentsPart.succeeded()) {
          componentsOutage.succeeded();
          boolean incidentsOk = incidentsPart.succeeded();
          if (incidentsOk) {
            lastIncidents = incidentsPart.result();
          }
          next = builder.build(componentsPart.result(), lastIncidents, clock.instant(), !incidentsOk);
        } else {
          componentsOutage.failed(Outage.reason(componentsPart.cause()) + (previous == null
            ? "; no snapshot to serve yet" : "; serving the last snapshot, marked stale"));
          if (previous == null) {
            vertx.setTimer(RETRY_MS, id -> changed());
            return Future.failedFuture(componentsPart.cause());
          }
          next = previous.stale() ? previous : builder.restamp(previous, true);
        }
        current.set(next);
        save(next);
        if (next.stale()) {
          vertx.setTimer(RETRY_MS * 2, id -> changed());
        }
        if (dirty) {
          changed();
        }
        return Future.succeededFuture(next);
      });
  }

  /**
   * Reads are safe to repeat: one retry goes to the next instance of the service, so a member that died but is
   * not yet out of the cluster costs one timeout, not a stale page.
   */
  private static Future<JsonObject> fetch(ServiceClient service, String action) {
    return service.<JsonObject>request(action, new JsonObject(), null)
      .recover(first -> service.request(action, new JsonObject(), null));
  }

  /** Keeps the latest fresh data on disk, when it changed. */
  private void save(Snapshot snapshot) {
    String etag = snapshot.get(SnapshotBuilder.SUMMARY).etag();
    if (!snapshot.stale() && !etag.equals(savedEtag)) {
      savedEtag = etag;
      store.save(builder.persisted(snapshot))
        .onFailure(e -> LOG.warn("Could not save the snapshot: {}", e.getMessage()));
    }
  }
}
