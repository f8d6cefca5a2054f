package io.statuspage.gateway.api;

import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/** Requests to a service over the event bus, failing with a {@link ServiceError} (a timeout becomes 503). */
public final class ServiceClient {

  private final Vertx vertx;
  private final String address;
  private final long timeoutMillis;

  private ServiceClient(Vertx vertx, String address, Duration timeout) {
    this.vertx = vertx;
    this.address = address;
    this.timeoutMillis = timeout.toMillis();
  }

  public static ServiceClient create(Vertx vertx, String address, Duration timeout) {
    return new ServiceClient(vertx, address, timeout);
  }

  public <T> Future<T> request(String action, JsonObject body, String caller) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMillis).addHeader(Services.ACTION, action);
    if (caller != null) {
      options.addHeader(Services.CALLER, caller);
    }
    return vertx.eventBus().<T>request(address, body, options)
      .map(Message::body)
      .recover(failure -> Future.failedFuture(ServiceError.from(failure)));
  }
}
