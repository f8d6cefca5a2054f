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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Keeps this gateway's snapshot current, part by part ({@link SnapshotPart}): an event from a service refetches that
 * service's part only, and a slow timer refetches every part as a safety net. A rebuild starts at the first event;
 * events that arrive while it runs are folded into one more rebuild after it, so a burst costs two rebuilds, not a
 * delay on every change. A part that cannot be fetched keeps its last good data and marks the snapshot stale, so
 * the page keeps being served while the database or a service is down.
 */
public final class SnapshotKeeper {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotKeeper.class);
  private static final long RETRY_MS = 2_000;

  /** What the keeper knows of one part. */
  private static final class Part {
    final SnapshotPart part;
    final ServiceClient service;
    // Fetched again every two seconds while it fails: logged when the outage starts and ends.
    final Outage outage;
    JsonObject data;
    boolean dirty = true;
    boolean failing;

    Part(SnapshotPart part, ServiceClient service) {
      this.part = part;
      this.service = service;
      this.outage = Outage.of(part.address() + " (snapshot)", LOG);
      this.data = part.empty();
    }
  }

  private final Vertx vertx;
  private final Map<String, Part> parts = new LinkedHashMap<>();
  private final SnapshotBuilder builder;
  private final Clock clock;
  private final Duration interval;
  private final SnapshotStore store;
  private final AtomicReference<Snapshot> current = new AtomicReference<>();
  private String savedEtag;
  private boolean building;
  private boolean retryScheduled;
  private long periodicTimer = -1;

  /**
   * @param clients the client for a part's service address
   * @param file    where the last good snapshot is kept across restarts (blank: nowhere)
   */
  public SnapshotKeeper(Vertx vertx, List<SnapshotPart> parts, Function<String, ServiceClient> clients,
                        SnapshotBuilder builder, Clock clock, Duration interval, String file) {
    this.vertx = vertx;
    parts.forEach(part -> this.parts.put(part.name(), new Part(part, clients.apply(part.address()))));
    this.store = SnapshotStore.file(vertx, file);
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
          restored.parts().forEach((name, data) -> {
            Part part = parts.get(name);
            if (part != null) {
              part.data = data;
            }
          });
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
    List<Future<Void>> subscribed = new ArrayList<>();
    for (Part part : parts.values()) {
      subscribed.add(vertx.eventBus().consumer(part.part.events(), m -> changed(part.part.name())).completion());
    }
    periodicTimer = vertx.setPeriodic(interval.toMillis(), id -> changedAll());
    return Future.all(subscribed).onSuccess(v -> changedAll()).mapEmpty();
  }

  public void stop() {
    vertx.cancelTimer(periodicTimer);
  }

  /** The part {@code name} is out of date. */
  public void changed(String name) {
    parts.get(name).dirty = true;
    schedule();
  }

  /** Every part may be out of date. */
  public void changedAll() {
    parts.values().forEach(part -> part.dirty = true);
    schedule();
  }

  private void schedule() {
    if (!building) {
      rebuild();
    }
  }

  /** Refetches the parts that are out of date and rebuilds; completes when done. */
  public Future<Snapshot> rebuild() {
    building = true;
    List<Part> fetching = parts.values().stream().filter(part -> part.dirty).toList();
    fetching.forEach(part -> part.dirty = false);
    List<Future<JsonObject>> fetched = fetching.stream().map(SnapshotKeeper::fetch).toList();
    return Future.join(fetched).transform(done -> {
      building = false;
      for (int i = 0; i < fetching.size(); i++) {
        record(fetching.get(i), fetched.get(i));
      }
      Future<Snapshot> result = publish(fetched.stream().anyMatch(Future::succeeded));
      if (parts.values().stream().anyMatch(part -> part.dirty)) {
        schedule();
      }
      return result;
    });
  }

  private void record(Part part, Future<JsonObject> fetched) {
    if (fetched.succeeded()) {
      part.data = fetched.result();
      part.failing = false;
      part.outage.succeeded();
    } else {
      part.failing = true;
      part.outage.failed(Outage.reason(fetched.cause()) + (part.data == null ? "; nothing to show for it yet"
        : part.part.marksStale() ? "; serving its last data, marked stale" : "; serving its last data"));
    }
  }

  /**
   * Builds from every part's latest good data, stale while any part that {@link SnapshotPart#marksStale() marks it}
   * fails. When nothing could be fetched, what was
   * shown stays, marked stale, with the time it was last known good.
   */
  private Future<Snapshot> publish(boolean anyFetched) {
    boolean stale = parts.values().stream().anyMatch(part -> part.failing && part.part.marksStale());
    if (parts.values().stream().anyMatch(part -> part.failing)) {
      retrySoon();
    }
    if (parts.values().stream().anyMatch(part -> part.data == null)) {
      return Future.failedFuture("no snapshot yet: a required part never answered");
    }
    Snapshot previous = current.get();
    Snapshot next;
    if (!anyFetched && previous != null) {
      next = previous.stale() == stale ? previous : builder.restamp(previous, stale);
    } else {
      Map<String, JsonObject> data = new LinkedHashMap<>();
      parts.values().forEach(part -> data.put(part.part.name(), part.data));
      next = builder.build(data, clock.instant(), stale);
    }
    current.set(next);
    save(next);
    return Future.succeededFuture(next);
  }

  /** While a part fails, it is fetched again every two seconds; events may bring it back sooner. */
  private void retrySoon() {
    if (!retryScheduled) {
      retryScheduled = true;
      vertx.setTimer(RETRY_MS, id -> {
        retryScheduled = false;
        parts.values().stream().filter(part -> part.failing).forEach(part -> part.dirty = true);
        schedule();
      });
    }
  }

  /**
   * Reads are safe to repeat: one retry goes to the next instance of the service, so a member that died but is
   * not yet out of the cluster costs one timeout, not a stale page. An answer that does not fit the part's record
   * (a newer service's status, say) fails like no answer: the part keeps its last good data, and it is logged.
   */
  private static Future<JsonObject> fetch(Part part) {
    return part.service.<JsonObject>request(Services.SNAPSHOT, new JsonObject(), null)
      .recover(first -> part.service.request(Services.SNAPSHOT, new JsonObject(), null))
      .map(data -> {
        part.part.read(data);
        return data;
      });
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
