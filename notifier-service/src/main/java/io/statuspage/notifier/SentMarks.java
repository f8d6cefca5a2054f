package io.statuspage.notifier;

import io.statuspage.runtime.Outage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Records accepted deliveries in batches: one transaction for the sends that finished within a few milliseconds of
 * each other, rather than one per send, which is what bounds a large fan-out once the sends themselves are fast.
 * Each caller's future completes when its row is written, or fails with the batch (logged here): the lease then runs
 * out and the row is sent again, under the same id: at least once.
 */
final class SentMarks {

  private static final Logger LOG = LoggerFactory.getLogger(SentMarks.class);

  /** How long the first of a batch waits for others. */
  private static final long LINGER_MS = 5;
  /** A batch this large is written at once. */
  private static final int MAX_BATCH = 500;

  private record Pending(DeliveryRepository.Sent sent, Promise<Void> written) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final DeliveryRepository repository;
  private List<Pending> pending = new ArrayList<>();
  private boolean scheduled;

  SentMarks(Vertx vertx, Pool pool, DeliveryRepository repository) {
    this.vertx = vertx;
    this.pool = pool;
    this.repository = repository;
  }

  /** Completes once {@code sent} is recorded. */
  Future<Void> sent(DeliveryRepository.Sent sent) {
    Promise<Void> written = Promise.promise();
    List<Pending> full = null;
    synchronized (this) {
      pending.add(new Pending(sent, written));
      if (pending.size() >= MAX_BATCH) {
        full = take();
      } else if (!scheduled) {
        scheduled = true;
        vertx.setTimer(LINGER_MS, t -> {
          List<Pending> batch;
          synchronized (this) {
            scheduled = false;
            batch = take();
          }
          write(batch);
        });
      }
    }
    if (full != null) {
      write(full);
    }
    return written.future();
  }

  private List<Pending> take() {
    List<Pending> batch = pending;
    pending = new ArrayList<>();
    return batch;
  }

  private void write(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    repository.sent(pool, batch.stream().map(Pending::sent).toList()).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("Could not record {} sent deliveries (their leases run out and they are sent again): {}",
          batch.size(), Outage.reason(ar.cause()));
      }
      batch.forEach(p -> {
        if (ar.succeeded()) {
          p.written().complete();
        } else {
          p.written().fail(ar.cause());
        }
      });
    });
  }
}
