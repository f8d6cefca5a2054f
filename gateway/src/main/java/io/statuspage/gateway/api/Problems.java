package io.statuspage.gateway.api;

import io.statuspage.bus.ServiceError;
import io.statuspage.gateway.page.PageView;
import io.statuspage.gateway.page.PublicPage;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns every failure into an RFC 9457 {@code application/problem+json} response that names the offending field.
 * The one place HTTP errors are shaped; nothing reaches a client as a bare 500 page.
 */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  // Error pages are drawn with the default look; their policy is made once.
  private static final String ERROR_PAGE_CSP = PublicPage.contentSecurityPolicy(PageView.defaults());
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  private static final Pattern PARAMETER = Pattern.compile("parameter (\\S+)");

  private Problems() {
  }

  /** The failure handler for every route. */
  public static void handle(RoutingContext rc) {
    handle(rc, true);
  }

  /**
   * The failure handler of the authenticated routes: the authentication handler reports every failure as 401,
   * but a key that could not be checked because the key store is unreachable deserves a 503.
   */
  public static void handle(RoutingContext rc, boolean keysReachable) {
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    ServiceError error = toError(rc);
    if (error.status() == 401 && !keysReachable) {
      error = ServiceError.unavailable("Keys cannot be checked while the database is unavailable; try again shortly");
    }
    respond(rc, error);
  }

  /** A method the path does not have: 405 with the methods it does have. */
  public static void methodNotAllowed(RoutingContext rc, List<String> allowed) {
    if (!allowed.isEmpty()) {
      rc.response().putHeader("Allow", String.join(", ", allowed));
    }
    respond(rc, new ServiceError(405, "Method Not Allowed",
      rc.request().method() + " is not allowed here" + (allowed.isEmpty() ? "" : "; use " + String.join(", ", allowed)),
      "method"));
  }

  private static void respond(RoutingContext rc, ServiceError error) {
    String page = wantsHtml(rc) ? errorPage(error) : null;
    if (page != null) {
      HttpServerResponse response = rc.response();
      SecurityHeaders.apply(response);
      SecurityHeaders.html(response, ERROR_PAGE_CSP);
      response.setStatusCode(error.status())
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(page);
    } else {
      send(rc.response(), error);
    }
  }

  /** The error page, or null when it cannot be drawn: an error handler that throws would leave the client waiting. */
  private static String errorPage(ServiceError error) {
    try {
      return PublicPage.error(error.status(), error.title(), error.getMessage(), null);
    } catch (RuntimeException | LinkageError e) {
      LOG.error("Could not draw the error page for a {}", error.status(), e);
      return null;
    }
  }

  /** A person's browser on a page path; the APIs always answer problem JSON. */
  private static boolean wantsHtml(RoutingContext rc) {
    String path = rc.request().path();
    String accept = rc.request().getHeader("Accept");
    return path != null && !path.startsWith("/api/") && !path.startsWith("/v1/") && accept != null
      && accept.contains("text/html");
  }

  /** Answers {@code error} as problem JSON, with the security baseline. */
  public static void send(HttpServerResponse response, ServiceError error) {
    SecurityHeaders.apply(response);
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
        case 413 -> new ServiceError(413, "Content Too Large", "The request body is larger than 64 KiB", "body");
        case 415 -> new ServiceError(415, "Unsupported Media Type",
          "Send application/json or application/x-www-form-urlencoded", "Content-Type");
        default -> new ServiceError(http.getStatusCode(), http.getMessage(), http.getMessage(), null);
      };
    }
    if (isDecoderFailure(failure)) {
      return ServiceError.badRequest("body", "The request body is malformed: " + failure.getMessage());
    }
    if (failure == null) {
      return switch (rc.statusCode()) {
        case 404 -> new ServiceError(404, "Not Found", "No such resource: " + rc.request().path(), null);
        case 413 -> new ServiceError(413, "Content Too Large", "The request body is larger than 64 KiB", "body");
        case 405 -> new ServiceError(405, "Method Not Allowed",
          rc.request().method() + " is not allowed on " + rc.request().path(), null);
        case 401 -> new ServiceError(401, "Unauthorized", "Could not authenticate", "Authorization");
        default -> new ServiceError(rc.statusCode() > 0 ? rc.statusCode() : 500, "Error", "Request failed", null);
      };
    }
    LOG.error("Unexpected failure on {} {}", rc.request().method(), Redaction.target(rc.request().uri()), failure);
    return new ServiceError(500, "Internal Server Error", "Unexpected error", null);
  }

  /** Netty could not decode the body (a form with a bad %-escape, say). */
  private static boolean isDecoderFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof io.netty.handler.codec.DecoderException) {
        return true;
      }
    }
    return false;
  }

  private static boolean isJsonDecode(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof DecodeException || t.getClass().getName().startsWith("com.fasterxml.jackson.core")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Names the offending field from the validator's output. The schema validator reports, besides the real error,
   * follow-on errors at every enclosing level ({@code properties}, {@code $ref}, and {@code additionalProperties}
   * even for declared properties), so: the deepest specific error wins; only when there is none is the
   * {@code additionalProperties} error a real unknown field.
   */
  static ServiceError fromValidation(ValidatorException invalid) {
    Matcher parameter = PARAMETER.matcher(String.valueOf(invalid.getMessage()));
    if (parameter.find()) {
      return ServiceError.badRequest(parameter.group(1), invalid.getMessage());
    }
    if (!(invalid instanceof SchemaValidationException schema) || schema.getOutputUnit() == null) {
      return ServiceError.badRequest("body", invalid.getMessage());
    }
    List<OutputUnit> errors = new ArrayList<>();
    collect(schema.getOutputUnit(), errors);
    OutputUnit specific = deepest(errors.stream().filter(e -> !FOLLOW_ON.contains(keyword(e))).toList());
    if (specific != null) {
      String field = pointerToField(specific.getInstanceLocation());
      if ("required".equals(keyword(specific))) {
        Matcher property = QUOTED.matcher(specific.getError());
        String missing = property.find() ? property.group(1) : "?";
        field = field.isEmpty() ? missing : field + "." + missing;
        return ServiceError.badRequest(field, field + " is required");
      }
      return ServiceError.badRequest(field.isEmpty() ? "body" : field,
        (field.isEmpty() ? "The body" : field) + ": " + specific.getError());
    }
    OutputUnit unknown = deepest(errors.stream().filter(e -> "additionalProperties".equals(keyword(e))).toList());
    if (unknown != null) {
      String field = pointerToField(unknown.getInstanceLocation());
      return ServiceError.badRequest(field, "Unknown field: " + field);
    }
    return ServiceError.badRequest("body", invalid.getMessage());
  }

  private static final List<String> FOLLOW_ON = List.of("properties", "$ref", "additionalProperties", "items",
    "allOf", "");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  private static void collect(OutputUnit unit, List<OutputUnit> into) {
    if (unit.getError() != null) {
      into.add(unit);
    }
    if (unit.getErrors() != null) {
      unit.getErrors().forEach(child -> collect(child, into));
    }
  }

  private static OutputUnit deepest(List<OutputUnit> units) {
    return units.stream().max(Comparator.comparingInt(u -> depth(u.getInstanceLocation()))).orElse(null);
  }

  private static int depth(String pointer) {
    return pointer == null ? 0 : pointer.split("/").length;
  }

  private static String keyword(OutputUnit unit) {
    String pointer = unit.getKeywordLocation();
    if (pointer == null) {
      return "";
    }
    int slash = pointer.lastIndexOf('/');
    return slash < 0 ? pointer : pointer.substring(slash + 1);
  }

  static String pointerToField(String pointer) {
    String p = pointer == null ? "" : pointer.startsWith("#") ? pointer.substring(1) : pointer;
    p = p.startsWith("/") ? p.substring(1) : p;
    return p.replace("~1", "/").replace("~0", "~").replace('/', '.');
  }
}
