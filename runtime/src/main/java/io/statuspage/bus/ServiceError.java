package io.statuspage.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * A failure a caller can act on, carried over the event bus as {@code fail(status, problem JSON)} and shown to
 * HTTP clients as an RFC 9457 {@code application/problem+json} body naming the offending field.
 */
public final class ServiceError extends RuntimeException {

  private final int status;
  private final String title;
  private final String field;

  public ServiceError(int status, String title, String detail, String field) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.field = field;
  }

  public static ServiceError badRequest(String field, String detail) {
    return new ServiceError(400, "Bad Request", detail, field);
  }

  public static ServiceError unprocessable(String field, String detail) {
    return new ServiceError(422, "Unprocessable Entity", detail, field);
  }

  public static ServiceError notFound(String what, String id) {
    return new ServiceError(404, "Not Found", "No " + what + " with id " + id, null);
  }

  public static ServiceError unavailable(String detail) {
    return new ServiceError(503, "Service Unavailable", detail, null);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String field() {
    return field;
  }

  public JsonObject toProblem() {
    JsonObject problem = new JsonObject()
      .put("type", "about:blank")
      .put("title", title)
      .put("status", status)
      .put("detail", getMessage());
    if (field != null) {
      problem.put("field", field);
    }
    // Statuspage clients read "error".
    return problem.put("error", getMessage());
  }

  public static ServiceError fromProblem(JsonObject problem) {
    return new ServiceError(problem.getInteger("status", 500), problem.getString("title", "Error"),
      problem.getString("detail"), problem.getString("field"));
  }

  /** What a failed event-bus request means to a caller: the service's own error, or unavailability. */
  public static ServiceError from(Throwable failure) {
    if (failure instanceof ServiceError error) {
      return error;
    }
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && reply.failureCode() >= 400
        && reply.failureCode() < 600) {
        try {
          return fromProblem(new JsonObject(reply.getMessage()));
        } catch (DecodeException | NullPointerException e) {
          return new ServiceError(reply.failureCode(), "Error", reply.getMessage(), null);
        }
      }
      return unavailable(reply.failureType() == ReplyFailure.TIMEOUT
        ? "The service did not answer in time; try again shortly"
        : "The service is not available; try again shortly");
    }
    return new ServiceError(500, "Internal Server Error", "Unexpected error", null);
  }
}
