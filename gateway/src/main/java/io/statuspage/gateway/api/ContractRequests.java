package io.statuspage.gateway.api;

import io.statuspage.bus.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hands the contract's validator a request as it was sent. vertx-openapi 5.0 reads a string parameter as JSON when
 * it can ({@code %22id%22} becomes {@code id}, {@code -1} a number), decodes query values twice and takes
 * {@code +} in a path as a space; here a path id is taken literally after one percent-decoding, a query value is
 * decoded once, an integer must be written as one ({@code page=+1} is refused), a parameter may be given once, and
 * the body is the strict JSON of {@link RequestBodies}. Runs after the key check, so nothing here answers before
 * authentication.
 */
public final class ContractRequests implements RequestExtractor {

  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");

  private final JsonObject document;
  private final RequestBodies bodies;

  /** @param document the published contract as JSON: the body schemas that type form values */
  public ContractRequests(JsonObject document) {
    this.document = document;
    this.bodies = new RequestBodies(document);
  }

  @Override
  public Future<ValidatableRequest> extractValidatableRequest(RoutingContext rc, Operation operation) {
    try {
      return Future.succeededFuture(extract(rc, operation));
    } catch (ServiceError error) {
      return Future.failedFuture(error);
    }
  }

  private ValidatableRequest extract(RoutingContext rc, Operation operation) {
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    String[] segments = rc.request().path().substring(1).split("/", -1);
    String[] template = operation.getOpenAPIPath().substring(1).split("/", -1);
    for (Parameter parameter : operation.getParameters()) {
      if (parameter.getIn() == Location.PATH) {
        String raw = segment(segments, template, parameter.getName());
        String value = raw == null ? null : RequestTarget.decode(raw, false);
        if (raw != null && value == null) {
          throw ServiceError.badRequest(parameter.getName(), parameter.getName() + " is not a well-formed path segment");
        }
        path.put(parameter.getName(), value == null ? null : literal(parameter, value));
      } else if (parameter.getIn() == Location.QUERY) {
        List<String> values = rc.request().params().getAll(parameter.getName());
        if (values.size() > 1) {
          throw ServiceError.badRequest(parameter.getName(), parameter.getName() + " must be given once");
        }
        if (!values.isEmpty()) {
          query.put(parameter.getName(), literal(parameter, values.get(0)));
        }
      }
    }
    Buffer body = null;
    String contentType = null;
    if (operation.getRequestBody() != null) {
      body = bodies.toJson(rc.request().getHeader(HttpHeaders.CONTENT_TYPE), BodyReader.body(rc),
        bodySchema(operation));
      contentType = body == null ? null : RequestBodies.JSON;
    }
    return new Request(path, query, body == null ? null : parameter(body), contentType);
  }

  /** The raw segment of {@code path} where the template has {@code {name}}. */
  private static String segment(String[] path, String[] template, String name) {
    for (int i = 0; i < template.length && i < path.length; i++) {
      if (template[i].equals("{" + name + "}")) {
        return path[i];
      }
    }
    return null;
  }

  /**
   * A value the validator's JSON reading gives back unchanged: strings as JSON strings, integers only when written
   * as integers (else as text, which the schema then refuses, naming the parameter).
   */
  private static RequestParameter literal(Parameter parameter, String value) {
    return switch (parameter.getSchemaType()) {
      case INTEGER, NUMBER -> parameter(INTEGER.matcher(value).matches() ? value : Json.encode(value));
      case BOOLEAN -> parameter(value.equals("true") || value.equals("false") ? value : Json.encode(value));
      default -> parameter(Json.encode(value));
    };
  }

  private static RequestParameter parameter(Object value) {
    return () -> value;
  }

  private JsonObject bodySchema(Operation operation) {
    return document.getJsonObject("paths", new JsonObject())
      .getJsonObject(operation.getOpenAPIPath(), new JsonObject())
      .getJsonObject(operation.getHttpMethod().name().toLowerCase(Locale.ROOT), new JsonObject())
      .getJsonObject("requestBody", new JsonObject()).getJsonObject("content", new JsonObject())
      .getJsonObject(RequestBodies.JSON, new JsonObject()).getJsonObject("schema", new JsonObject());
  }

  /**
   * A request as the validator reads it. Cookies are not parameters of this contract; its header parameter,
   * {@code Idempotency-Key}, is checked where it is used ({@link IdempotentWrites}), after the body.
   */
  record Request(Map<String, RequestParameter> getPathParameters, Map<String, RequestParameter> getQuery,
                         RequestParameter getBody, String getContentType) implements ValidatableRequest {

    @Override
    public Map<String, RequestParameter> getCookies() {
      return Map.of();
    }

    @Override
    public Map<String, RequestParameter> getHeaders() {
      return Map.of();
    }
  }
}
