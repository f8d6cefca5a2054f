package io.statuspage.bus;

import io.statuspage.bus.messages.PingReply;
import io.statuspage.runtime.Outage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A service's request address on the event bus: dispatches on the {@code action} header and turns a failed
 * future into a reply failure (a {@link ServiceError} keeps its status; anything else is logged and becomes 500).
 * An unavailable database becomes 503 and is logged as an {@link Outage}: when it starts and ends, not per request.
 */
public final class Endpoint {

  private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);

  private final Vertx vertx;
  private final String address;
  private final Outage database;
  private final Map<String, Function<Request, Future<?>>> actions = new HashMap<>();
  private Supplier<Future<?>> pingCheck = Future::succeededFuture;
  private MessageConsumer<JsonObject> consumer;

  private Endpoint(Vertx vertx, String address) {
    this.vertx = vertx;
    this.address = address;
    this.database = Outage.of("Database (" + address + ")", LOG);
  }

  public static Endpoint create(Vertx vertx, String address) {
    return new Endpoint(vertx, address);
  }

  public Endpoint on(String action, Function<Request, Future<?>> handler) {
    actions.put(action, handler);
    return this;
  }

  /**
   * Answers {@link Services#PING} with a {@link PingReply} once {@code check} (a query on the
   * service's own database) succeeds: cheap enough for a gateway to ask every few seconds.
   */
  public Endpoint ping(String service, Supplier<Future<?>> check) {
    pingCheck = check;
    return on(Services.PING, r -> check.get().map(ok -> JsonObject.mapFrom(PingReply.ok(service))));
  }

  /** Registers the consumer; completes once the registration has reached the cluster. */
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(address, this::dispatch);
    return consumer.completion();
  }

  /** Unregisters the consumer: requests go to other instances of the service, or fail at once with no handler. */
  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /**
   * Whether this instance can answer: registered on the bus, and its ping check passing. Asked directly rather than
   * over the bus, where another instance of the service might answer instead.
   */
  public Future<?> health() {
    if (consumer == null || !consumer.isRegistered()) {
      return Future.failedFuture("not registered on the event bus at " + address);
    }
    return pingCheck.get();
  }

  private void dispatch(Message<JsonObject> message) {
    String action = message.headers().get(Services.ACTION);
    Function<Request, Future<?>> handler = actions.get(action);
    if (handler == null) {
      reply(message, new ServiceError(501, "Not Implemented", "Unknown action " + action, null));
      return;
    }
    Future<?> result;
    try {
      result = handler.apply(new Request(message.body() == null ? new JsonObject() : message.body(),
        message.headers().get(Services.CALLER), message.headers().get(Services.REQUEST_ID)));
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(reply -> {
      database.succeeded();
      message.reply(reply);
    }).onFailure(e -> reply(message, e));
  }

  private void reply(Message<JsonObject> message, Throwable failure) {
    ServiceError error;
    String action = message.headers().get(Services.ACTION);
    if (failure instanceof ServiceError known) {
      error = known;
    } else if (rejectedData(failure) != null) {
      // A value the schema's checks let through but PostgreSQL cannot take (a NUL character, say): the caller's
      // input, not our failure.
      LOG.warn("Action {} on {}: rejected data ({})", action, address, failure.getMessage());
      error = rejectedData(failure);
    } else if (isDatabaseDown(failure)) {
      // Expected while the database restarts: logged when it starts and ends, no stack trace.
      database.failed(failure);
      error = ServiceError.unavailable("The database is not available; try again shortly");
    } else {
      LOG.error("Action {} on {} failed", action, address, failure);
      error = new ServiceError(500, "Internal Server Error", "Unexpected error", null);
    }
    message.fail(error.status(), error.toProblem().encode());
  }

  /** SQLSTATE class 22 (data exception) is bad input; class 23 (integrity) a conflict with what is stored. */
  static ServiceError rejectedData(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null) {
        if (pg.getSqlState().startsWith("22")) {
          return ServiceError.badRequest("body", "The request has a value that cannot be stored: "
            + pg.getErrorMessage());
        }
        if (pg.getSqlState().startsWith("23")) {
          return new ServiceError(409, "Conflict", "The change conflicts with what is stored; reload and retry", null);
        }
      }
    }
    return null;
  }

  /**
   * Connection refused, reset or lost (a server killed mid-query: {@code ClosedConnectionException}), the server
   * shutting down or starting (SQLSTATE classes 08 and 57P), or a pool closed under the request ("Pool closed": a
   * Vert.x message, as no type says it; {@code DatabaseFailuresTest} fails if it changes).
   */
  static boolean isDatabaseDown(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.net.SocketException
        || t instanceof java.nio.channels.ClosedChannelException
        || t instanceof io.vertx.sqlclient.ClosedConnectionException
        || t instanceof io.vertx.core.VertxException && String.valueOf(t.getMessage()).toLowerCase().contains("closed")
        || t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null
        && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }

  /** One request: its JSON body, who asked, and the id of a keyed write ({@link Services#REQUEST_ID}) or null. */
  public record Request(JsonObject body, String caller, String requestId) {

    public Request(JsonObject body, String caller) {
      this(body, caller, null);
    }
  }
}
