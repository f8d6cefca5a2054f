package io.statuspage.gateway.api;

import io.statuspage.bus.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Writes that are safe to retry: an operation whose contract declares the {@code Idempotency-Key} header answers a
 * request with a key once, and the same request with the same key again, for 24 hours, with that first answer.
 *
 * <ul>
 *   <li>No key: the write runs as any other.</li>
 *   <li>A new key: claimed in the gateway's database ({@link IdempotencyKeys}), so gateways agree on who runs it; the
 *   write goes to the service with a request id made of the caller, the key and the request, which the service
 *   dedupes on ({@link io.statuspage.bus.Services#REQUEST_ID}), so {@link ServiceClient} may send it once more when
 *   the first attempt timed out. A final answer (2xx or 4xx) is kept; a 5xx is not, and the key is released.</li>
 *   <li>The same key and request again: the kept answer, same status and body, with {@code Idempotent-Replayed:
 *   true}; nothing reaches the service. While the first is still running: 409 with {@code Retry-After}.</li>
 *   <li>The same key with another request (method, operation, parameters, or body as canonical JSON, so a form and
 *   its JSON are the same request): 422 naming the header.</li>
 * </ul>
 * Keys belong to the caller (the API key): another caller's key of the same name is another key.
 */
public final class IdempotentWrites {

  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED = "Idempotent-Replayed";
  /** How long a key is remembered. */
  public static final Duration WINDOW = Duration.ofHours(24);
  private static final int MAX_LENGTH = 255;
  // Seconds a client waits on a key in progress: writes answer well within a second unless a service is away.
  private static final String RETRY_AFTER = "1";

  private final IdempotencyKeys keys;
  private final Clock clock;
  private final Duration lease;

  private IdempotentWrites(IdempotencyKeys keys, Clock clock, Duration lease) {
    this.keys = keys;
    this.clock = clock;
    this.lease = lease;
  }

  /**
   * Keys in {@code keys}, timed by {@code clock}. A claim older than two attempts of {@code busTimeout} and a margin
   * was abandoned (its gateway stopped before it could keep the answer): the same request may take it over, which is
   * safe because the service dedupes on the request id.
   */
  public static IdempotentWrites create(IdempotencyKeys keys, Clock clock, Duration busTimeout) {
    return new IdempotentWrites(keys, clock, busTimeout.multipliedBy(2).plusSeconds(10));
  }

  /** Whether the contract lets a client key {@code operation}: it declares the header. */
  static boolean declared(Operation operation) {
    return operation.getParameters().stream()
      .anyMatch(p -> p.getIn() == Location.HEADER && p.getName().equalsIgnoreCase(HEADER));
  }

  /**
   * The answer to {@code request} of {@code operation}: {@code write}, given the request id to send (null without a
   * key), or the answer kept for the key. Fails with a {@link ServiceError} for a malformed key (400), a key used for
   * another request (422), the database being away (503), or whatever the write failed with.
   */
  Future<Answer> answer(RoutingContext rc, Operation operation, ValidatedRequest request, String caller,
                        Function<String, Future<Answer>> write) {
    List<String> given = rc.request().headers().getAll(HEADER);
    if (given.isEmpty()) {
      return write.apply(null);
    }
    String key = given.get(0);
    ServiceError malformed = given.size() > 1 ? ServiceError.badRequest(HEADER, HEADER + " must be given once")
      : check(key);
    if (malformed != null) {
      return Future.failedFuture(malformed);
    }
    String owner = caller == null ? "" : caller;
    String hash = fingerprint(operation, request);
    Instant now = clock.instant();
    return keys.claim(owner, key, hash, now, now.minus(WINDOW), now.minus(lease))
      .recover(down -> Future.failedFuture(ServiceError.unavailable(
        "Idempotency keys cannot be checked while the database is unavailable; try again shortly")))
      .compose(claim -> {
        if (claim instanceof IdempotencyKeys.Claimed claimed) {
          return run(owner, key, claimed, write.apply(sha256(owner + "\n" + key + "\n" + hash)));
        }
        IdempotencyKeys.Held held = (IdempotencyKeys.Held) claim;
        if (!held.requestHash().equals(hash)) {
          return Future.failedFuture(ServiceError.unprocessable(HEADER, "This " + HEADER + " was used for another "
            + "request in the last 24 hours; send a new key with a new request"));
        }
        if (held.answer() == null) {
          return Future.succeededFuture(Answer.problem(new ServiceError(409, "Conflict", "A request with this "
            + HEADER + " is still in progress; try again after Retry-After seconds", HEADER))
            .with("Retry-After", RETRY_AFTER));
        }
        return Future.succeededFuture(held.answer().with(REPLAYED, "true"));
      });
  }

  /**
   * Keeps the write's final answer for the key; a failure of the service's own (5xx, unavailable) releases it.
   * Either way the client gets its answer, even when the database fails to keep it: the claim then lapses with its
   * lease, and a retry reaches the service, which knows the request id.
   */
  private Future<Answer> run(String owner, String key, IdempotencyKeys.Claimed claimed, Future<Answer> written) {
    return written.transform(done -> {
      ServiceError error = done.succeeded() ? null : ServiceError.from(done.cause());
      if (error != null && error.status() >= 500) {
        return keys.release(owner, key, claimed.token()).transform(released -> Future.failedFuture(error));
      }
      Answer answer = error == null ? done.result() : Answer.problem(error);
      return keys.complete(owner, key, claimed.token(), answer).transform(kept -> Future.succeededFuture(answer));
    });
  }

  /** Forgets the keys older than the window; completes with how many. */
  public Future<Integer> prune() {
    return keys.prune(clock.instant().minus(WINDOW));
  }

  /** Null for a key the contract allows: 1 to 255 printable ASCII characters. */
  static ServiceError check(String key) {
    if (key.isEmpty() || key.length() > MAX_LENGTH) {
      return ServiceError.badRequest(HEADER, HEADER + " must be 1 to " + MAX_LENGTH + " characters long");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return ServiceError.badRequest(HEADER, HEADER + " must be printable ASCII");
      }
    }
    return null;
  }

  /**
   * What makes two requests the same, as a SHA-256: the method, the operation, the path and query parameters and the
   * body, each as the validator read it, in canonical JSON (members sorted by name).
   */
  static String fingerprint(Operation operation, ValidatedRequest request) {
    RequestParameter body = request.getBody();
    JsonObject what = new JsonObject()
      .put("method", operation.getHttpMethod().name())
      .put("operation", operation.getOperationId())
      .put("path", values(request.getPathParameters()))
      .put("query", values(request.getQuery()))
      .put("body", body == null || body.isNull() ? null : body.get());
    return sha256(Json.encode(canonical(what)));
  }

  private static JsonObject values(Map<String, RequestParameter> parameters) {
    JsonObject values = new JsonObject();
    parameters.forEach((name, value) -> values.put(name, value == null || value.isNull() ? null : value.get()));
    return values;
  }

  /** {@code value} with every object's members sorted by name, so that their order does not matter. */
  static Object canonical(Object value) {
    if (value instanceof JsonObject object) {
      Map<String, Object> sorted = new TreeMap<>();
      object.forEach(member -> sorted.put(member.getKey(), canonical(member.getValue())));
      return sorted;
    }
    if (value instanceof JsonArray array) {
      return array.stream().map(IdempotentWrites::canonical).toList();
    }
    return value;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
