package io.statuspage.notifier;

import io.statuspage.bus.Services;
import io.statuspage.runtime.Config;
import io.statuspage.runtime.Health;
import io.statuspage.runtime.ServiceVerticle;
import io.vertx.core.Future;

/**
 * Email and webhook subscribers and their deliveries (schema {@code notifier}). Today it answers pings and takes the
 * events the component and incident outboxes deliver to {@link Services.Notifier#INBOX}, each once, recording it in
 * {@code received_event}; subscriptions and deliveries come with the notifications issue.
 */
public final class NotifierServiceVerticle extends ServiceVerticle {

  public NotifierServiceVerticle(Config config, Health health) {
    super(config, health, Spec.of("notifier-service", "notifier", Services.Notifier.ADDRESS));
  }

  @Override
  protected Future<?> wire() {
    // Recording the event is all it does yet; the notifications issue adds one delivery row per subscriber here.
    consume(Services.Notifier.INBOX, (tx, event) -> Future.succeededFuture());
    return Future.succeededFuture();
  }
}
