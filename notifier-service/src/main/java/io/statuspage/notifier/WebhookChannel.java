package io.statuspage.notifier;

import io.statuspage.notifier.delivery.WebhookPayloads;
import io.statuspage.notifier.delivery.WebhookSender;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Webhook deliveries: sent to an active subscriber's endpoint, signed; a failure is tried again after an exponential
 * backoff with jitter ({@code Retry-After} honoured for 429 and 503) and counts towards the subscriber's quarantine.
 */
final class WebhookChannel implements DeliveryWorker.Channel {

  private final Pool pool;
  private final DeliveryRepository repository;
  private final WebhookSender sender;
  private final SentMarks marks;
  private final Tokens tokens;
  private final Clock clock;

  WebhookChannel(Pool pool, DeliveryRepository repository, SentMarks marks, WebhookSender sender, Tokens tokens,
                 Clock clock) {
    this.pool = pool;
    this.tokens = tokens;
    this.marks = marks;
    this.repository = repository;
    this.sender = sender;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public Future<?> deliver(DeliveryRepository.Claimed d, UUID lease, DeliveryWorker.Options options) {
    if (!"active".equals(d.subscriberState())) {
      return repository.stop(pool, d, lease, "The subscriber is " + d.subscriberState(), Writer.now(clock));
    }
    String body = WebhookPayloads.forSubscriber(d.payload(), tokens.unsubscribe(d.subscriberId()));
    return sender.send(d.endpoint(), d.secret(), d.id(), body).<Void>compose(attempt -> {
      OffsetDateTime now = Writer.now(clock);
      if (attempt.succeeded()) {
        // The slot is free once the receiver has it; the row stays leased until its batch is written.
        marks.sent(new DeliveryRepository.Sent(d.id(), d.subscriberId(), d.eventType(), lease, attempt.status(),
          now));
        return Future.succeededFuture();
      }
      Duration wait = options.backoff(d.attempts() + 1);
      if (attempt.retryAfter() != null && (attempt.status() == 429 || attempt.status() == 503)) {
        wait = attempt.retryAfter().compareTo(wait) > 0 ? min(attempt.retryAfter(), Duration.ofHours(6)) : wait;
      }
      return repository.failed(pool, d, lease, attempt.status(), attempt.error(), now.plus(wait), attempt.gone(),
        options.quarantineAfter(), options.quarantineSpan(), now).mapEmpty();
    });
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
