package io.statuspage.notifier;

import io.statuspage.runtime.Outage;
import io.statuspage.write.Writer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends the deliveries of one channel (webhook, email) that are due: claims them under a lease (so several instances
 * share the work without sending one twice while the lease holds), has the {@link Channel} send each outside any
 * transaction and mark it under that lease. At most {@code concurrency} sends are in flight, and at most
 * {@code perEndpoint} to one subscriber, so a slow endpoint holds only its own slots. Everything but the sends runs on
 * the context it was created on, one claim at a time.
 */
final class DeliveryWorker {

  /** How a channel sends one claimed delivery and records how it went (fenced by {@code lease}). */
  interface Channel {

    /** {@code delivery.channel} of the rows it takes. */
    String name();

    Future<?> deliver(DeliveryRepository.Claimed d, UUID lease, Options options);
  }

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

  /** What the worker may do; the defaults fit production, tests shorten them. */
  record Options(int concurrency, int perEndpoint, Duration timeout, Duration poll, Duration retryInitial,
                 Duration retryMax, int quarantineAfter, Duration quarantineSpan) {

    /** The lease outlives the longest send, so a live worker never loses a row it is sending. */
    Duration lease() {
      return timeout.multipliedBy(2).plusSeconds(5);
    }

    /** Exponential from {@code retryInitial}, capped at {@code retryMax}, ±20% jitter. */
    Duration backoff(int failedAttempts) {
      long base = retryInitial.toMillis() << Math.min(Math.max(failedAttempts - 1, 0), 20);
      long capped = Math.min(base, retryMax.toMillis());
      double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
      return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final Pool pool;
  private final DeliveryRepository repository;
  private final Channel channel;
  private final Clock clock;
  private final Options options;
  private final Outage polling;
  private final Map<String, Integer> inFlightBySubscriber = new HashMap<>();
  private int inFlight;
  private boolean claiming;
  private boolean again;
  private boolean stopped;

  DeliveryWorker(Vertx vertx, Pool pool, DeliveryRepository repository, Channel channel, Clock clock,
                 Options options) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.pool = pool;
    this.repository = repository;
    this.channel = channel;
    this.clock = clock;
    this.options = options;
    this.polling = Outage.of("Deliveries (" + channel.name() + ")", LOG);
  }

  /** Looks for due work now (after a fan-out, say) rather than at the next poll. */
  void kick() {
    context.runOnContext(v -> pass());
  }

  void stop() {
    context.runOnContext(v -> stopped = true);
  }

  /** How many sends are in flight on this worker (tests). */
  int inFlight() {
    return inFlight;
  }

  /** Claims as much due work as there are free slots, and sends it; runs again when a claim filled its batch. */
  void pass() {
    if (stopped) {
      return;
    }
    if (claiming) {
      again = true;
      return;
    }
    int free = options.concurrency() - inFlight;
    // While sends are in flight, claim in chunks of a quarter of the slots, not one claim per finished send.
    if (free <= 0 || inFlight > 0 && free < Math.max(1, options.concurrency() / 4)) {
      return;
    }
    claiming = true;
    again = false;
    UUID lease = UUID.randomUUID();
    OffsetDateTime now = Writer.now(clock);
    repository.claim(pool, channel.name(), lease, now, now.plus(options.lease()), free, options.perEndpoint())
      .onComplete(ar -> {
        claiming = false;
        if (ar.failed()) {
          polling.failed(ar.cause());
          return;
        }
        polling.succeeded();
        List<DeliveryRepository.Claimed> claimed = ar.result();
        boolean heldBack = false;
        for (DeliveryRepository.Claimed d : claimed) {
          if (inFlightBySubscriber.getOrDefault(d.subscriberId(), 0) >= options.perEndpoint()) {
            // Claimed in one batch with others of its subscriber: given back, taken when a slot is free.
            heldBack = true;
            repository.release(pool, d.id(), lease);
          } else {
            send(d, lease);
          }
        }
        if (again || !heldBack && claimed.size() == free) {
          pass();
        }
      });
  }

  private void send(DeliveryRepository.Claimed d, UUID lease) {
    inFlight++;
    inFlightBySubscriber.merge(d.subscriberId(), 1, Integer::sum);
    Future<?> done;
    try {
      done = channel.deliver(d, lease, options);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(ar -> context.runOnContext(v -> {
      if (ar.failed()) {
        // The lease runs out and the row is taken again: at least once.
        LOG.warn("Could not record delivery {}: {}", d.id(), Outage.reason(ar.cause()));
      }
      inFlight--;
      inFlightBySubscriber.computeIfPresent(d.subscriberId(), (k, n) -> n <= 1 ? null : n - 1);
      pass();
    }));
  }
}
