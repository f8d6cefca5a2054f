package io.statuspage.gateway;

import io.statuspage.bus.ServiceError;
import io.statuspage.gateway.access.ApiKeys;
import io.statuspage.gateway.api.BodyReader;
import io.statuspage.gateway.api.BrokenBodies;
import io.statuspage.gateway.api.ContractRequests;
import io.statuspage.gateway.api.HttpMetrics;
import io.statuspage.gateway.api.MalformedRequests;
import io.statuspage.gateway.api.Problems;
import io.statuspage.gateway.api.PublicApi;
import io.statuspage.gateway.api.RequestTarget;
import io.statuspage.gateway.api.SecurityHeaders;
import io.statuspage.gateway.page.Assets;
import io.statuspage.gateway.snapshot.SnapshotBuilder;
import io.statuspage.runtime.Health;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.APIKeyHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;

import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP server instance (one per event loop). Routes: the contract's operations (validated by the contract),
 * the public page, assets, the contract itself and its docs, health and metrics.
 */
final class HttpVerticle extends VerticleBase {

  static final int BODY_LIMIT = 64 * 1024;
  private static final String SUFFIX_STRIPPED = "statuspage.json-suffix";

  private final Gateway gateway;

  HttpVerticle(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    HttpMetrics metrics = HttpMetrics.create(gateway.contract());
    PublicApi publicApi = new PublicApi(gateway.keeper(), metrics, gateway.compression());
    router.route().handler(SecurityHeaders::handle);
    router.route().handler(metrics::time);
    page(router, SnapshotBuilder.PAGE, rc -> publicApi.serve(rc, SnapshotBuilder.PAGE));
    router.route(SnapshotBuilder.SUBSCRIBE).method(HttpMethod.GET).method(HttpMethod.HEAD)
      .handler(rc -> publicApi.serve(rc, SnapshotBuilder.SUBSCRIBE));
    gateway.subscriptions().mount(router);
    router.route("/assets/*").subRouter(Assets.router(vertx, gateway.compression()));
    page(router, "/openapi.yaml", rc -> text(rc, gateway.contractYaml(), "application/yaml; charset=utf-8"));
    page(router, "/docs", rc -> {
      SecurityHeaders.html(rc.response(), gateway.contentSecurityPolicy());
      text(rc, gateway.docsHtml(), "text/html; charset=utf-8");
    });
    gateway.health().mount(router);
    router.route("/v1/*").handler(HttpVerticle::stripJsonSuffix);
    router.route("/v1/*").handler(shadowedMethods());
    router.route("/*").subRouter(contractRouter(publicApi));
    router.errorHandler(404, Problems::handle);
    router.errorHandler(405, rc -> Problems.methodNotAllowed(rc, allowed(rc.normalizedPath())));
    router.errorHandler(500, Problems::handle);
    return vertx.createHttpServer(new HttpServerOptions()
        .setCompressionSupported(gateway.compression())
        .setIdleTimeout(60))
      .invalidRequestHandler(MalformedRequests::handle)
      .connectionHandler(BrokenBodies::install)
      // Vert.x answers a request of an HTTP version it does not know with a bare 501 unless a WebSocket handler is
      // set; with one, such a request reaches the handler below and gets its 505. WebSockets are not served.
      .webSocketHandshakeHandler(handshake -> handshake.reject(404))
      .requestHandler(request -> {
        if (MalformedRequests.answered(request) || publicApi.serveIfPublic(request)) {
          return;
        }
        ServiceError target = RequestTarget.problem(request.path(), request.query());
        if (target != null) {
          Problems.send(request.response(), target);
        } else {
          router.handle(request);
        }
      })
      .listen(gateway.port(), gateway.host());
  }

  private Router contractRouter(PublicApi publicApi) {
    OpenAPIContract contract = gateway.contract();
    RouterBuilder builder = RouterBuilder.create(vertx, contract, new ContractRequests(gateway.contractDocument()));
    builder.rootHandler(new BodyReader(BODY_LIMIT));
    ApiKeys keys = gateway.keys();
    builder.security("OAuth").apiKeyHandler(APIKeyHandler.create(keys.header()).header("Authorization"));
    builder.security("api_key").apiKeyHandler(APIKeyHandler.create(keys.query()).parameter("api_key"));
    publicApi.mount(builder);
    gateway.management().mount(builder);
    builder.getRoutes().forEach(route -> route.addFailureHandler(rc -> Problems.handle(rc, keys.reachable())));
    return builder.createRouter();
  }

  /** A page: GET and HEAD are served, any other method is a 405. */
  private static void page(Router router, String path, Handler<RoutingContext> handler) {
    router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(handler);
    router.route(path).handler(rc -> rc.fail(405));
  }

  /**
   * A literal path wins over a templated one, as OpenAPI says: {@code PUT .../incidents/unresolved} is a 405 (that
   * path has only GET), not a PUT of the incident "unresolved", which is where the router's own matching would take
   * it.
   */
  private Handler<RoutingContext> shadowedMethods() {
    return rc -> {
      io.vertx.openapi.contract.Path path = contractPath(rc.normalizedPath());
      HttpMethod method = rc.request().method();
      if (path != null && path.getOperations().stream().noneMatch(op -> op.getHttpMethod().equals(method))) {
        Problems.methodNotAllowed(rc, allowed(rc.normalizedPath()));
      } else {
        rc.next();
      }
    };
  }

  /** The contract's path for {@code requestPath}, the one with the most literal segments; null for none. */
  private io.vertx.openapi.contract.Path contractPath(String requestPath) {
    if (requestPath == null) {
      return null;
    }
    String[] segments = requestPath.split("/", -1);
    io.vertx.openapi.contract.Path best = null;
    int bestLiterals = -1;
    for (io.vertx.openapi.contract.Path path : gateway.contract().getPaths()) {
      String[] template = path.getName().split("/", -1);
      if (template.length != segments.length) {
        continue;
      }
      int literals = 0;
      boolean matches = true;
      for (int i = 0; i < template.length && matches; i++) {
        boolean parameter = template[i].startsWith("{") && template[i].endsWith("}");
        matches = parameter || template[i].equals(segments[i]);
        literals += parameter ? 0 : 1;
      }
      if (matches && literals > bestLiterals) {
        best = path;
        bestLiterals = literals;
      }
    }
    return best;
  }

  /** The methods {@code path} answers, for a 405's {@code Allow}: the contract's, or those of the page routes. */
  private List<String> allowed(String path) {
    List<String> methods = new ArrayList<>();
    io.vertx.openapi.contract.Path found = contractPath(path);
    for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
      HttpMethod.DELETE)) {
      if (found != null && found.getOperations().stream().anyMatch(op -> op.getHttpMethod().equals(method))) {
        methods.add(method.name());
      }
    }
    return methods.isEmpty() ? List.of("GET", "HEAD") : methods;
  }

  /**
   * Statuspage clients may call {@code /v1/pages/x/components.json}: the same route without the suffix, once (a
   * second {@code .json} is part of the name, and so not found).
   */
  private static void stripJsonSuffix(RoutingContext rc) {
    String path = rc.normalizedPath();
    if (path.endsWith(".json") && rc.get(SUFFIX_STRIPPED) == null) {
      rc.put(SUFFIX_STRIPPED, true);
      String query = rc.request().query();
      rc.reroute(path.substring(0, path.length() - 5) + (query == null ? "" : "?" + query));
    } else {
      rc.next();
    }
  }

  private static void text(RoutingContext rc, Buffer body, String type) {
    rc.response().putHeader("Content-Type", type).putHeader("Cache-Control", "public, max-age=300").end(body);
  }
}
