package io.statuspage.gateway.api;

import io.statuspage.bus.ServiceError;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns every failure into an RFC 9457 {@code application/problem+json} response that names the offending field.
 * The one place HTTP errors are shaped; nothing reaches a client as a bare 500 page.
 */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  private static final Pattern PARAMETER = Pattern.compile("parameter (\\S+)");
  private static final Pattern PROPERTY = Pattern.compile("'([^']+)'");

  private Problems() {
  }

  /** The failure handler for every route. */
  public static void handle(RoutingContext rc) {
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    send(rc.response(), toError(rc));
  }

  public static void send(HttpServerResponse response, ServiceError error) {
    if (error.status() == 503) {
      response.putHeader("Retry-After", "5");
    }
    if (error.status() == 401) {
      response.putHeader("WWW-Authenticate", "OAuth realm=\"statuspage\"");
    }
    response.setStatusCode(error.status())
      .putHeader("Content-Type", CONTENT_TYPE)
      .putHeader("Cache-Control", "no-store")
      .end(error.toProblem().toBuffer());
  }

  static ServiceError toError(RoutingContext rc) {
    Throwable failure = rc.failure();
    if (failure instanceof ServiceError error) {
      return error;
    }
    if (failure instanceof HttpException http) {
      Throwable cause = http.getCause();
      if (cause instanceof ValidatorException invalid) {
        return fromValidation(invalid);
      }
      if (cause instanceof DecodeException || isJsonDecode(cause)) {
        return ServiceError.badRequest("body", "The request body is not valid JSON");
      }
      return switch (http.getStatusCode()) {
        case 401 -> new ServiceError(401, "Unauthorized", "Could not authenticate: send an API key as "
          + "'Authorization: OAuth <key>' or 'Authorization: Bearer <key>'", "Authorization");
        case 400 -> ServiceError.badRequest("body", http.getPayload() != null ? http.getPayload() : "Bad request");
        case 413 -> new ServiceError(413, "Content Too Large", "The request body is too large", "body");
        case 415 -> new ServiceError(415, "Unsupported Media Type", "Send application/json", "Content-Type");
        default -> new ServiceError(http.getStatusCode(), http.getMessage(), http.getMessage(), null);
      };
    }
    if (failure == null) {
      return switch (rc.statusCode()) {
        case 404 -> new ServiceError(404, "Not Found", "No such resource: " + rc.request().path(), null);
        case 405 -> new ServiceError(405, "Method Not Allowed",
          rc.request().method() + " is not allowed on " + rc.request().path(), null);
        case 401 -> new ServiceError(401, "Unauthorized", "Could not authenticate", "Authorization");
        default -> new ServiceError(rc.statusCode() > 0 ? rc.statusCode() : 500, "Error", "Request failed", null);
      };
    }
    LOG.error("Unexpected failure on {} {}", rc.request().method(), rc.request().path(), failure);
    return new ServiceError(500, "Internal Server Error", "Unexpected error", null);
  }

  private static boolean isJsonDecode(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof DecodeException || t.getClass().getName().startsWith("com.fasterxml.jackson.core")) {
        return true;
      }
    }
    return false;
  }

  /** Finds the deepest failing location in the validator's output and names it as a dotted field. */
  static ServiceError fromValidation(ValidatorException invalid) {
    if (invalid instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      OutputUnit leaf = deepest(schema.getOutputUnit());
      String message = invalid.getMessage();
      Matcher parameter = PARAMETER.matcher(message);
      String location = leaf.getInstanceLocation();
      String field = location == null || location.isEmpty() || location.equals("#") ? null : pointerToField(location);
      String error = leaf.getError() == null ? message : leaf.getError();
      if (error.contains("additional property") || error.contains("Property") && error.contains("not allowed")
        || "additionalProperties".equals(lastSegment(leaf.getKeywordLocation()))) {
        Matcher property = PROPERTY.matcher(error);
        if (property.find()) {
          field = field == null ? property.group(1) : field + "." + property.group(1);
          return ServiceError.badRequest(field, "Unknown field: " + field);
        }
      }
      if (message.contains("parameter") && parameter.find()) {
        return ServiceError.badRequest(parameter.group(1), message);
      }
      if (field == null && "required".equals(lastSegment(leaf.getKeywordLocation()))) {
        Matcher property = PROPERTY.matcher(error);
        if (property.find()) {
          field = property.group(1);
        }
      } else if ("required".equals(lastSegment(leaf.getKeywordLocation()))) {
        Matcher property = PROPERTY.matcher(error);
        if (property.find()) {
          field = field + "." + property.group(1);
        }
      }
      return ServiceError.badRequest(field == null ? "body" : field,
        (field == null ? "" : field + ": ") + error);
    }
    Matcher parameter = PARAMETER.matcher(invalid.getMessage());
    return ServiceError.badRequest(parameter.find() ? parameter.group(1) : "body", invalid.getMessage());
  }

  private static OutputUnit deepest(OutputUnit unit) {
    Deque<OutputUnit> todo = new ArrayDeque<>();
    todo.push(unit);
    OutputUnit best = unit;
    int bestDepth = -1;
    while (!todo.isEmpty()) {
      OutputUnit u = todo.pop();
      if (u.getError() != null) {
        int depth = u.getInstanceLocation() == null ? 0 : u.getInstanceLocation().split("/").length;
        if (depth > bestDepth) {
          best = u;
          bestDepth = depth;
        }
      }
      if (u.getErrors() != null) {
        u.getErrors().forEach(todo::push);
      }
    }
    return best;
  }

  private static String lastSegment(String pointer) {
    if (pointer == null) {
      return "";
    }
    int slash = pointer.lastIndexOf('/');
    return slash < 0 ? pointer : pointer.substring(slash + 1);
  }

  static String pointerToField(String pointer) {
    String p = pointer.startsWith("#") ? pointer.substring(1) : pointer;
    p = p.startsWith("/") ? p.substring(1) : p;
    return p.replace("~1", "/").replace("~0", "~").replace('/', '.');
  }

  /** A problem body for tests and logs. */
  public static JsonObject problem(ServiceError error) {
    return error.toProblem();
  }
}
