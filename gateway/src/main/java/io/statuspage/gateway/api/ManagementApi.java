package io.statuspage.gateway.api;

import io.statuspage.bus.Services.Component;
import io.statuspage.gateway.access.ApiKeys;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The management API (Statuspage v1 routes), as one table: each operation of the contract is one request to one
 * service action. The handler only translates: path and query parameters, by their contract names, plus the
 * validated body make the request; the reply is the response body, sent with the operation's status.
 */
public final class ManagementApi {

  /** How one contract operation maps onto a service action. */
  public record Operation(String operationId, String address, String action, int status) {
  }

  /** Every management operation. A new one is a line here, its action in the service, and the contract. */
  public static final List<Operation> OPERATIONS = List.of(
    new Operation("listPages", Component.ADDRESS, Component.PAGE_LIST, 200),
    new Operation("getPage", Component.ADDRESS, Component.PAGE_GET, 200),
    new Operation("patchPage", Component.ADDRESS, Component.PAGE_UPDATE, 200),
    new Operation("putPage", Component.ADDRESS, Component.PAGE_UPDATE, 200),
    new Operation("listComponents", Component.ADDRESS, Component.LIST, 200),
    new Operation("createComponent", Component.ADDRESS, Component.CREATE, 201),
    new Operation("getComponent", Component.ADDRESS, Component.GET, 200),
    new Operation("patchComponent", Component.ADDRESS, Component.UPDATE, 200),
    new Operation("putComponent", Component.ADDRESS, Component.UPDATE, 200),
    new Operation("deleteComponent", Component.ADDRESS, Component.DELETE, 204),
    new Operation("listComponentStatusChanges", Component.ADDRESS, Component.HISTORY, 200),
    new Operation("listComponentGroups", Component.ADDRESS, Component.GROUP_LIST, 200),
    new Operation("createComponentGroup", Component.ADDRESS, Component.GROUP_CREATE, 201),
    new Operation("getComponentGroup", Component.ADDRESS, Component.GROUP_GET, 200),
    new Operation("patchComponentGroup", Component.ADDRESS, Component.GROUP_UPDATE, 200),
    new Operation("putComponentGroup", Component.ADDRESS, Component.GROUP_UPDATE, 200),
    new Operation("deleteComponentGroup", Component.ADDRESS, Component.GROUP_DELETE, 200));

  private final Map<String, ServiceClient> services;

  private ManagementApi(Map<String, ServiceClient> services) {
    this.services = services;
  }

  /** The API over a client per service address, each with {@code timeout}. */
  public static ManagementApi create(Vertx vertx, Duration timeout) {
    return new ManagementApi(OPERATIONS.stream().map(Operation::address).distinct()
      .collect(Collectors.toMap(Function.identity(), address -> ServiceClient.create(vertx, address, timeout))));
  }

  public void mount(RouterBuilder builder) {
    for (Operation op : OPERATIONS) {
      ServiceClient service = services.get(op.address());
      builder.getRoute(op.operationId()).addHandler(rc -> service
        .request(op.action(), toBody(rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST)), caller(rc.user()))
        .onSuccess(reply -> respond(rc, op, reply))
        .onFailure(rc::fail));
    }
  }

  /** The request a service gets: the body's fields, then query and path parameters under their contract names. */
  static JsonObject toBody(ValidatedRequest request) {
    JsonObject body = new JsonObject();
    RequestParameter requestBody = request.getBody();
    if (requestBody != null && !requestBody.isNull() && requestBody.get() instanceof JsonObject json) {
      body.mergeIn(json);
    }
    request.getQuery().forEach((name, value) -> {
      if (!value.isNull()) {
        body.put(name, value.get());
      }
    });
    request.getPathParameters().forEach((name, value) -> body.put(name, value.getString()));
    return body;
  }

  static String caller(User user) {
    return user == null ? null : user.principal().getString(ApiKeys.CALLER);
  }

  private static void respond(RoutingContext rc, Operation op, Object reply) {
    rc.response().putHeader("Cache-Control", "no-store");
    if (op.status() == 204) {
      rc.response().setStatusCode(204).end();
      return;
    }
    Buffer bytes = reply instanceof JsonArray array ? array.toBuffer() : ((JsonObject) reply).toBuffer();
    rc.response().setStatusCode(op.status()).putHeader("Content-Type", "application/json; charset=utf-8").end(bytes);
  }
}
