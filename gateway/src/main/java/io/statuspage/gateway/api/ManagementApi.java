package io.statuspage.gateway.api;

import io.statuspage.bus.Services.Component;
import io.statuspage.gateway.access.ApiKeys;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

import java.util.List;
import java.util.Map;

/**
 * The management API (Statuspage v1 routes): each operation of the contract becomes one request to the owning
 * service. The handler only translates: path and query parameters plus the validated body make the request; the
 * reply is the response body.
 */
public final class ManagementApi {

  /** How one contract operation maps onto a service action. */
  public record Operation(String operationId, String action, int status) {
  }

  public static final List<Operation> OPERATIONS = List.of(
    new Operation("listPages", Component.PAGE_GET, 200),
    new Operation("getPage", Component.PAGE_GET, 200),
    new Operation("patchPage", Component.PAGE_UPDATE, 200),
    new Operation("putPage", Component.PAGE_UPDATE, 200),
    new Operation("listComponents", Component.LIST, 200),
    new Operation("createComponent", Component.CREATE, 201),
    new Operation("getComponent", Component.GET, 200),
    new Operation("patchComponent", Component.UPDATE, 200),
    new Operation("putComponent", Component.UPDATE, 200),
    new Operation("deleteComponent", Component.DELETE, 204),
    new Operation("listComponentStatusChanges", Component.HISTORY, 200),
    new Operation("listComponentGroups", Component.GROUP_LIST, 200),
    new Operation("createComponentGroup", Component.GROUP_CREATE, 201),
    new Operation("getComponentGroup", Component.GROUP_GET, 200),
    new Operation("patchComponentGroup", Component.GROUP_UPDATE, 200),
    new Operation("putComponentGroup", Component.GROUP_UPDATE, 200),
    new Operation("deleteComponentGroup", Component.GROUP_DELETE, 200));

  /** Path parameters whose contract names differ from the service's field names. */
  private static final Map<String, String> RENAMED = Map.of("id", "group_id");

  private final ServiceClient components;

  public ManagementApi(ServiceClient components) {
    this.components = components;
  }

  public void mount(RouterBuilder builder) {
    for (Operation op : OPERATIONS) {
      builder.getRoute(op.operationId()).addHandler(rc -> handle(rc, op));
    }
  }

  private void handle(RoutingContext rc, Operation op) {
    ValidatedRequest request = rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    this.<Object>call(op, toBody(request), caller(rc.user()))
      .onSuccess(reply -> respond(rc, op, reply))
      .onFailure(rc::fail);
  }

  private <T> Future<T> call(Operation op, JsonObject body, String caller) {
    return components.request(op.action(), body, caller);
  }

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
    request.getPathParameters().forEach((name, value) -> body.put(RENAMED.getOrDefault(name, name), value.getString()));
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
    // listPages answers with the one page; Statuspage returns a list.
    Object body = op.operationId().equals("listPages") ? new JsonArray().add(reply) : reply;
    Buffer bytes = body instanceof JsonObject o ? o.toBuffer() : ((JsonArray) body).toBuffer();
    rc.response().setStatusCode(op.status()).putHeader("Content-Type", "application/json; charset=utf-8").end(bytes);
  }
}
