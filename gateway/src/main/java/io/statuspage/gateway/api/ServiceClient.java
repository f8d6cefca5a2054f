package io.statuspage.gateway.api;

import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
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
    return request(action, body, caller, null);
  }

  /**
   * A request; with a {@code requestId} ({@link Services#REQUEST_ID}) a write the service dedupes on, which is then
   * sent once more when the first attempt timed out or found no handler: Vert.x delivers the second to the next
   * instance of the service, and should the first have been applied after all, the service answers with its reply.
   */
  public <T> Future<T> request(String action, JsonObject body, String caller, String requestId) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMillis).addHeader(Services.ACTION, action);
    if (caller != null) {
      options.addHeader(Services.CALLER, caller);
    }
    if (requestId != null) {
      options.addHeader(Services.REQUEST_ID, requestId);
    }
    Future<T> first = send(body, options);
    return (requestId == null ? first : first.recover(failure -> lost(failure) ? send(body, options)
      : Future.failedFuture(failure)))
      .recover(failure -> Future.failedFuture(ServiceError.from(failure)));
  }

  private <T> Future<T> send(JsonObject body, DeliveryOptions options) {
    return vertx.eventBus().<T>request(address, body, options).map(Message::body);
  }

  /** No answer at all, as opposed to the service's own refusal or failure. */
  private static boolean lost(Throwable failure) {
    return failure instanceof ReplyException reply
      && (reply.failureType() == ReplyFailure.TIMEOUT || reply.failureType() == ReplyFailure.NO_HANDLERS);
  }
}
