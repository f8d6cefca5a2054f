package io.statuspage.deploy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The published contract ({@code openapi.yaml} on the classpath) read the way the fuzz suite needs it: every
 * operation with its parameters, body schema, declared statuses and whether it needs a key. Nothing here knows the
 * operations by name, so a new operation is fuzzed as soon as it is in the contract.
 */
final class FuzzContract {

  static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  /** One parameter of an operation. */
  record Param(String name, String in, JsonObject schema, boolean required) {
  }

  /** One operation of the contract. */
  record Operation(String id, String method, String path, List<Param> params, JsonObject bodySchema,
                   Set<Integer> statuses, boolean secured) {

    List<Param> in(String location) {
      return params.stream().filter(p -> p.in().equals(location)).toList();
    }

    boolean hasBody() {
      return bodySchema != null;
    }

    @Override
    public String toString() {
      return id + " (" + method.toUpperCase(Locale.ROOT) + " " + path + ")";
    }
  }

  final JsonObject document;
  final List<Operation> operations = new ArrayList<>();
  /** Path template to the methods it has, upper case. */
  final Map<String, Set<String>> paths = new LinkedHashMap<>();

  private FuzzContract(JsonObject document) {
    this.document = document;
    boolean securedByDefault = !document.getJsonArray("security", new JsonArray()).isEmpty();
    JsonObject allPaths = document.getJsonObject("paths");
    for (String path : allPaths.fieldNames()) {
      JsonObject item = allPaths.getJsonObject(path);
      List<Param> shared = params(item.getJsonArray("parameters", new JsonArray()));
      for (String method : METHODS) {
        JsonObject op = item.getJsonObject(method);
        if (op == null) {
          continue;
        }
        paths.computeIfAbsent(path, p -> new TreeSet<>()).add(method.toUpperCase(Locale.ROOT));
        List<Param> params = new ArrayList<>(shared);
        params.addAll(params(op.getJsonArray("parameters", new JsonArray())));
        JsonObject body = op.getJsonObject("requestBody");
        JsonObject bodySchema = body == null ? null : resolve(body).getJsonObject("content")
          .getJsonObject("application/json").getJsonObject("schema");
        Set<Integer> statuses = new TreeSet<>();
        op.getJsonObject("responses").fieldNames().forEach(code -> statuses.add(Integer.parseInt(code)));
        JsonArray security = op.getJsonArray("security");
        boolean secured = security == null ? securedByDefault : !security.isEmpty();
        operations.add(new Operation(op.getString("operationId"), method.toUpperCase(Locale.ROOT), path, params,
          bodySchema, statuses, secured));
      }
    }
  }

  static FuzzContract load() {
    try (InputStream in = FuzzContract.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return new FuzzContract(new JsonObject(new JsonObject(tree).encode()));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read openapi.yaml", e);
    }
  }

  private List<Param> params(JsonArray list) {
    List<Param> out = new ArrayList<>();
    for (Object item : list) {
      JsonObject p = resolve((JsonObject) item);
      out.add(new Param(p.getString("name"), p.getString("in"), resolve(p.getJsonObject("schema")),
        p.getBoolean("required", false)));
    }
    return out;
  }

  /** Follows a local {@code $ref}; other objects come back as they are. */
  JsonObject resolve(JsonObject node) {
    String ref = node == null ? null : node.getString("$ref");
    if (ref == null) {
      return node;
    }
    Object target = document;
    for (String part : ref.substring(2).split("/")) {
      target = ((JsonObject) target).getValue(part.replace("~1", "/").replace("~0", "~"));
    }
    return resolve((JsonObject) target);
  }

  /** The GET operation whose path is {@code path}, if any: where the ids of a path parameter can be listed. */
  Operation list(String path) {
    return operations.stream().filter(o -> o.method().equals("GET") && o.path().equals(path)).findFirst()
      .orElse(null);
  }
}
