package io.statuspage.gateway;

import io.statuspage.gateway.access.ApiKeys;
import io.statuspage.gateway.api.FormBodies;
import io.statuspage.gateway.api.HttpMetrics;
import io.statuspage.gateway.api.ManagementApi;
import io.statuspage.gateway.api.Problems;
import io.statuspage.gateway.api.PublicApi;
import io.statuspage.gateway.page.Assets;
import io.statuspage.gateway.snapshot.SnapshotBuilder;
import io.statuspage.runtime.Health;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.APIKeyHandler;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;

/**
 * One HTTP server instance (one per event loop). Routes: the contract's operations (validated by the contract),
 * the public page, assets, the contract itself and its docs, health and metrics.
 */
final class HttpVerticle extends VerticleBase {

  private static final int BODY_LIMIT = 64 * 1024;

  private final Gateway gateway;

  HttpVerticle(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    HttpMetrics metrics = HttpMetrics.create(gateway.contract());
    PublicApi publicApi = new PublicApi(gateway.keeper(), metrics);
    router.route().handler(metrics::time);
    router.route(HttpMethod.GET, "/").handler(rc -> publicApi.serve(rc, SnapshotBuilder.PAGE));
    router.route(HttpMethod.HEAD, "/").handler(rc -> publicApi.serve(rc, SnapshotBuilder.PAGE));
    router.route("/assets/*").subRouter(Assets.router(vertx));
    router.route("/openapi.yaml").method(HttpMethod.GET).method(HttpMethod.HEAD)
      .handler(rc -> text(rc, gateway.contractYaml(), "application/yaml; charset=utf-8"));
    router.route("/docs").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(rc -> {
      rc.response().putHeader("Content-Security-Policy", gateway.contentSecurityPolicy());
      text(rc, gateway.docsHtml(), "text/html; charset=utf-8");
    });
    gateway.health().mount(router);
    router.route("/v1/*").handler(HttpVerticle::stripJsonSuffix);
    router.route("/*").subRouter(contractRouter(publicApi));
    router.errorHandler(404, Problems::handle);
    router.errorHandler(405, Problems::handle);
    router.errorHandler(500, Problems::handle);
    return vertx.createHttpServer(new HttpServerOptions()
        .setCompressionSupported(gateway.compression())
        .setIdleTimeout(60))
      .requestHandler(request -> {
        if (!publicApi.serveIfPublic(request)) {
          router.handle(request);
        }
      })
      .listen(gateway.port(), gateway.host());
  }

  private Router contractRouter(PublicApi publicApi) {
    OpenAPIContract contract = gateway.contract();
    RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    builder.rootHandler(new FormBodies(contract, gateway.contractDocument())::handle);
    ApiKeys keys = gateway.keys();
    builder.security("OAuth").apiKeyHandler(APIKeyHandler.create(keys).header("Authorization"));
    builder.security("api_key").apiKeyHandler(APIKeyHandler.create(keys).parameter("api_key"));
    publicApi.mount(builder);
    new ManagementApi(gateway.components()).mount(builder);
    builder.getRoutes().forEach(route -> route.addFailureHandler(rc -> Problems.handle(rc, keys.reachable())));
    return builder.createRouter();
  }

  /** Statuspage clients may call {@code /v1/pages/x/components.json}: the same route without the suffix. */
  private static void stripJsonSuffix(RoutingContext rc) {
    String path = rc.normalizedPath();
    if (path.startsWith("/v1/") && path.endsWith(".json")) {
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
