package io.statuspage.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.Map;

/**
 * The HTTP contract ({@code openapi.yaml} from the openapi module): as published, and as the router reads it.
 *
 * @param yaml     the file, served at {@code /openapi.yaml}
 * @param document the file as JSON, for the docs page
 * @param routing  what the router validates against
 */
public record Contract(Buffer yaml, JsonObject document, OpenAPIContract routing) {

  static final String RESOURCE = "openapi.yaml";
  private static final String PROBLEM = "application/problem+json";
  private static final String FORM = "application/x-www-form-urlencoded";

  /** Reads the contract from the classpath, as published and as the router and validators read it. */
  public static Future<Contract> load(Vertx vertx) {
    return vertx.fileSystem().readFile(RESOURCE).compose(yaml -> {
      JsonObject document = parse(yaml);
      return OpenAPIContract.from(vertx, forRouter(document.copy()))
        .map(routing -> new Contract(yaml, document, routing));
    });
  }

  private static JsonObject parse(Buffer yaml) {
    Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml.toString());
    // Round-trip through JSON text so nested maps and lists become JsonObject/JsonArray.
    return new JsonObject(new JsonObject(tree).encode());
  }

  /**
   * The contract as vertx-openapi 5.0 accepts it; the published contract keeps the truth. Changes {@code document}
   * in place and returns it.
   *
   * <ul>
   *   <li>It refuses {@code application/problem+json} in responses (custom media types arrive in 5.1), although it
   *   never validates responses: those bodies become {@code application/json}.</li>
   *   <li>It refuses {@code application/x-www-form-urlencoded} request bodies, so those entries are removed. Every
   *   such body is also declared as {@code application/json} with the same schema, and {@code FormBodies} rewrites a
   *   form body into that JSON (reading the schema from the published contract) before the router validates it.</li>
   *   <li>It needs absolute server URLs and uses only their path, while the published contract's server is the
   *   relative {@code /}: the servers are removed, which gives the same empty base path.</li>
   * </ul>
   */
  static JsonObject forRouter(JsonObject document) {
    document.remove("servers");
    rewrite(document);
    return document;
  }

  private static void rewrite(Object node) {
    if (node instanceof JsonObject object) {
      if (object.containsKey(PROBLEM)) {
        object.put("application/json", object.remove(PROBLEM));
      }
      object.remove(FORM);
      object.forEach(entry -> rewrite(entry.getValue()));
    } else if (node instanceof JsonArray array) {
      array.forEach(Contract::rewrite);
    }
  }
}
