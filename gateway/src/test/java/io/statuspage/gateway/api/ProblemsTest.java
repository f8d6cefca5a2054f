package io.statuspage.gateway.api;

import io.statuspage.bus.ServiceError;
import io.statuspage.gateway.Contract;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatorException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Problems name the field at fault. vertx-openapi 5.0 tells which parameter failed only in its message text and
 * which property only in the schema validator's output, so the naming leans on both: these cases run the real
 * validator on the real contract and fail loudly when an upgrade changes either.
 */
class ProblemsTest {

  private static Vertx vertx;
  private static RequestValidator validator;
  private static HttpServer server;
  private static HttpClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    validator = RequestValidator.create(vertx, Contract.load(vertx).await().routing());
    Router router = Router.router(vertx);
    router.route("/fail/401").handler(rc -> rc.fail(new HttpException(401)))
      .failureHandler(rc -> Problems.handle(rc, false));
    router.route("/fail/413").handler(rc -> rc.fail(new HttpException(413)));
    router.route("/fail/bug").handler(rc -> {
      throw new IllegalStateException("a bug");
    });
    router.route("/v1/fail").handler(rc -> rc.fail(ServiceError.unprocessable("component.group_id", "No group")));
    router.route("/page").handler(rc -> rc.fail(404));
    router.errorHandler(404, Problems::handle);
    router.errorHandler(413, Problems::handle);
    router.errorHandler(422, Problems::handle);
    router.errorHandler(500, Problems::handle);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    client = vertx.createHttpClient();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static ServiceError invalid(String operation, Map<String, String> path, Map<String, String> query,
                                      String body) {
    Map<String, RequestParameter> pathParameters = new java.util.HashMap<>();
    path.forEach((k, v) -> pathParameters.put(k, () -> io.vertx.core.json.Json.encode(v)));
    Map<String, RequestParameter> queryParameters = new java.util.HashMap<>();
    query.forEach((k, v) -> queryParameters.put(k, () -> v));
    Throwable failure = validator.validate(new ContractRequests.Request(pathParameters, queryParameters,
      body == null ? null : () -> Buffer.buffer(body), body == null ? null : "application/json"), operation)
      .map(ok -> (Throwable) null).otherwise(e -> e).await();
    return Problems.fromValidation(assertInstanceOf(ValidatorException.class, failure));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "missing required  | {\"component\":{}}                                   | component.name",
    "unknown field     | {\"component\":{\"name\":\"x\",\"colour\":\"red\"}} | component.colour",
    "wrong enum        | {\"component\":{\"name\":\"x\",\"status\":\"bad\"}} | component.status",
    "wrong type        | {\"component\":{\"name\":1}}                        | component.name",
    "wrapper missing   | {\"x\":1}                                           | component",
    "too long          | {\"component\":{\"name\":\"NAME\"}}                 | component.name",
  })
  void bodyProblemsNameTheProperty(String label, String body, String field) {
    ServiceError error = invalid("createComponent", Map.of("page_id", "p"), Map.of(),
      body.replace("NAME", "n".repeat(256)));
    assertEquals(400, error.status());
    assertEquals(field, error.field(), error.getMessage());
  }

  @Test
  void parameterProblemsNameTheParameter() {
    assertEquals("per_page", invalid("listComponents", Map.of("page_id", "p"), Map.of("per_page", "500"), null)
      .field());
    assertEquals("component_id", invalid("getComponent", Map.of("page_id", "p", "component_id", "c".repeat(65)),
      Map.of(), null).field());
    assertEquals("page", invalid("listComponents", Map.of("page_id", "p"), Map.of("page", "\"x\""), null).field());
  }

  /** A response read whole. */
  private record Response(HttpClientResponse head, Buffer body) {

    int statusCode() {
      return head.statusCode();
    }

    String getHeader(String name) {
      return head.getHeader(name);
    }
  }

  private static Response get(String path, String accept) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
      .setPort(server.actualPort()).setURI(path);
    if (accept != null) {
      options.addHeader("Accept", accept);
    }
    try {
      return client.request(options).compose(r -> r.send())
        .compose(r -> r.body().map(b -> new Response(r, b))).await(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer to GET " + path + " in 30 s", e);
    }
  }

  private static JsonObject body(Response response) {
    return new JsonObject(response.body());
  }

  @Test
  void aKeyThatCouldNotBeCheckedIsA503NotA401() {
    Response response = get("/fail/401", null);
    assertEquals(503, response.statusCode());
    assertEquals("5", response.getHeader("Retry-After"));
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
  }

  @Test
  void everyFailureIsAProblemWithTheSecurityBaseline() {
    Response tooLarge = get("/fail/413", null);
    assertEquals(413, tooLarge.statusCode());
    assertEquals("body", body(tooLarge).getString("field"));
    Response service = get("/v1/fail", "text/html");
    assertEquals(422, service.statusCode());
    assertEquals("component.group_id", body(service).getString("field"), "the APIs answer JSON even to browsers");
    Response bug = get("/fail/bug", null);
    assertEquals(500, bug.statusCode());
    assertEquals("Unexpected error", body(bug).getString("detail"), "no internals in the answer");
    for (Response r : new Response[] {tooLarge, service, bug}) {
      assertEquals("nosniff", r.getHeader("X-Content-Type-Options"));
      assertTrue(r.getHeader("Content-Security-Policy").contains("frame-ancestors 'none'"));
    }
  }

  @Test
  void peopleGetAnErrorPageUnderThePagesPolicy() {
    Response page = get("/page", "text/html,application/xhtml+xml");
    assertEquals(404, page.statusCode());
    assertTrue(page.getHeader("Content-Type").startsWith("text/html"));
    assertTrue(page.getHeader("Content-Security-Policy").contains("script-src"));
    assertTrue(page.getHeader("Content-Security-Policy").contains("frame-ancestors 'none'"));
    assertTrue(page.body().toString().contains("Go to the current status"));
  }
}
