package io.statuspage.notifier;

import io.statuspage.bus.Services;
import io.statuspage.notifier.webhook.WebhookTargets;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.Outage;
import io.statuspage.runtime.ServiceVerticle;
import io.statuspage.write.HandledRequests;
import io.statuspage.write.Writer;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * notifier-service: schema {@code notifier}; answers the subscriber actions of {@link Services.Notifier} and takes
 * the events the component and incident outboxes deliver to {@link Services.Notifier#INBOX}, each once, recording it
 * in {@code received_event}. Deliveries to subscribers come with the delivery part of the notifications issue.
 */
public final class NotifierServiceVerticle extends ServiceVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(NotifierServiceVerticle.class);
  private static final Duration PRUNE_INTERVAL = Duration.ofHours(1);
  /** A configured token key shorter than this is refused: it would be guessable. */
  static final int MIN_TOKEN_KEY = 32;

  private final Clock clock;

  public NotifierServiceVerticle(Config config, Health health, Clock clock) {
    super(config, health, Spec.of("notifier-service", "notifier", Services.Notifier.ADDRESS)
      .withOutbox(Services.Notifier.EVENTS));
    this.clock = clock;
  }

  @Override
  protected Future<?> wire() {
    // Recording the event is all it does yet; the delivery part adds one delivery row per subscriber here.
    consume(Services.Notifier.INBOX, (tx, event) -> Future.succeededFuture());
    SubscriberRepository repository = new SubscriberRepository();
    WebhookTargets targets = WebhookTargets.create(vertx, configuration().getBoolean("webhook.allow.private", false),
      "subscriber.endpoint");
    periodic(PRUNE_INTERVAL, id -> HandledRequests.prune(pool(), Writer.now(clock))
      .onFailure(e -> LOG.warn("Could not prune handled requests: {}", Outage.reason(e))));
    return tokenKey(repository).map(key -> {
      SubscriberService service = new SubscriberService(repository, pool(), outbox(), clock, new Pages(vertx),
        targets, Tokens.create(key, clock));
      endpoint()
        .on(Services.Notifier.LIST, r -> service.list(r.body()))
        .on(Services.Notifier.COUNT, r -> service.count(r.body()))
        .on(Services.Notifier.CREATE, r -> service.create(r.body(), r.requestId()))
        .on(Services.Notifier.GET, r -> service.get(r.body()))
        .on(Services.Notifier.UPDATE, r -> service.update(r.body()))
        .on(Services.Notifier.DELETE, r -> service.delete(r.body()))
        .on(Services.Notifier.RESEND_CONFIRMATION, r -> service.resendConfirmation(r.body(), r.requestId()))
        .on(Services.Notifier.REACTIVATE, r -> service.reactivate(r.body(), r.requestId()))
        .on(Services.Notifier.INCIDENT_LIST, r -> service.listIncident(r.body()))
        .on(Services.Notifier.INCIDENT_CREATE, r -> service.createIncident(r.body(), r.requestId()))
        .on(Services.Notifier.INCIDENT_GET, r -> service.getIncident(r.body()))
        .on(Services.Notifier.INCIDENT_DELETE, r -> service.deleteIncident(r.body()))
        .on(Services.Notifier.CONFIRM, r -> service.confirm(r.body()))
        .on(Services.Notifier.UNSUBSCRIBE, r -> service.unsubscribe(r.body()));
      return service;
    });
  }

  /** {@code notifier.token.key}, or the key in the schema, made by the first instance to start. */
  private Future<byte[]> tokenKey(SubscriberRepository repository) {
    String configured = configuration().get("notifier.token.key").orElse(null);
    if (configured != null) {
      if (configured.length() < MIN_TOKEN_KEY) {
        return Future.failedFuture(new IllegalArgumentException(
          "Configuration notifier.token.key must be at least " + MIN_TOKEN_KEY + " characters"));
      }
      return Future.succeededFuture(configured.getBytes(StandardCharsets.UTF_8));
    }
    byte[] candidate = new byte[32];
    new SecureRandom().nextBytes(candidate);
    return repository.tokenKey(pool(), candidate);
  }
}
