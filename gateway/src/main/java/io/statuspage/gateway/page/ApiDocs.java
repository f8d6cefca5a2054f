package io.statuspage.gateway.page;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Renders the OpenAPI 3.1 contract as a readable, JavaScript-free page in the status page's look ({@code docs/*.jte}):
 * info, how to authenticate, then per tag every operation with its parameters, request body fields and responses, and
 * finally the named schemas. The contract is read by swagger-parser, as published (the router's copy relabels and drops
 * media types); its descriptions are Markdown.
 */
public final class ApiDocs {

  private static final int MAX_DEPTH = 8;
  private static final String SCHEMAS = "#/components/schemas/";

  private final OpenAPI api;
  private final Components components;
  private final Map<String, Schema> schemas;
  private final Map<String, String> schemaIds = new LinkedHashMap<>();
  private final Set<String> usedIds = new HashSet<>(List.of("authentication", "schemas", "main-content",
      "navigation"));

  private ApiDocs(OpenAPI api) {
    this.api = api;
    this.components = api.getComponents() != null ? api.getComponents() : new Components();
    this.schemas = orEmpty(components.getSchemas());
  }

  /** The docs page with default branding; the header shows the contract's title. */
  public static String render(JsonObject contract) {
    return render(contract, PageView.defaults());
  }

  /** The docs page for a contract already read into JSON. */
  public static String render(JsonObject contract, PageView view) {
    return render(contract == null ? "{}" : contract.encode(), view);
  }

  /**
   * The docs page with the deployment's branding.
   *
   * @param contract the OpenAPI document as published, YAML or JSON
   * @param view     branding (its freshness is ignored); the header shows its logo text, else the contract's title
   */
  public static String render(String contract, PageView view) {
    return Templates.render("docs/page.jte", new ApiDocs(parse(contract)).page(view == null ? PageView.defaults()
        : view));
  }

  /** The contract as swagger-parser reads it. References stay as written (nothing is fetched); see {@link #ref}. */
  static OpenAPI parse(String contract) {
    ParseOptions options = new ParseOptions();
    options.setResolve(false);
    OpenAPI api = contract == null ? null : new OpenAPIV3Parser().readContents(contract, null, options).getOpenAPI();
    return api != null ? api : new OpenAPI();
  }

  private DocsPage page(PageView view) {
    Info info = api.getInfo() != null ? api.getInfo() : new Info();
    String title = orElse(info.getTitle(), "API");
    for (String name : schemas.keySet()) {
      schemaIds.put(name, uniqueId("schema-" + slug(name)));
    }
    Layout layout = new Layout(title + " documentation", view.logoText() != null ? view.logoText() : title,
        Layout.Nav.API, view);
    return new DocsPage(layout, title, blankToNull(info.getVersion()), blankToNull(info.getSummary()),
        blankToNull(info.getDescription()), orElse(api.getOpenapi(), "3"),
        info.getLicense() == null ? null : blankToNull(info.getLicense().getName()),
        authentication(), tags(), namedSchemas());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Tags and operations

  /** One operation where the contract declares it. */
  private record Declared(String method, String path, io.swagger.v3.oas.models.Operation op, PathItem item) {
  }

  /** Operations grouped by their first tag, tags in the contract's order, untagged ones last. */
  private List<DocsPage.Tag> tags() {
    Map<String, List<Declared>> byTag = new LinkedHashMap<>();
    Map<String, String> descriptions = new HashMap<>();
    for (Tag tag : orEmpty(api.getTags())) {
      if (tag.getName() != null) {
        byTag.put(tag.getName(), new ArrayList<>());
        descriptions.put(tag.getName(), tag.getDescription());
      }
    }
    List<Declared> untagged = new ArrayList<>();
    if (api.getPaths() != null) {
      api.getPaths().forEach((path, item) -> operations(item).forEach((method, op) -> {
        List<String> tags = orEmpty(op.getTags());
        (tags.isEmpty() ? untagged : byTag.computeIfAbsent(tags.get(0), k -> new ArrayList<>()))
            .add(new Declared(method, path, op, item));
      }));
    }
    if (!untagged.isEmpty()) {
      byTag.computeIfAbsent("other", k -> new ArrayList<>()).addAll(untagged);
    }
    byTag.values().removeIf(List::isEmpty);
    Map<String, String> tagIds = new LinkedHashMap<>();
    for (String tag : byTag.keySet()) {
      tagIds.put(tag, uniqueId("tag-" + slug(tag)));
    }
    List<DocsPage.Tag> out = new ArrayList<>();
    byTag.forEach((tag, declared) -> out.add(new DocsPage.Tag(tagIds.get(tag), tagTitle(tag),
        blankToNull(descriptions.get(tag)), declared.stream().map(this::operation).toList())));
    return out;
  }

  private static Map<String, io.swagger.v3.oas.models.Operation> operations(PathItem item) {
    Map<String, io.swagger.v3.oas.models.Operation> out = new LinkedHashMap<>();
    if (item != null) {
      putIfPresent(out, "get", item.getGet());
      putIfPresent(out, "post", item.getPost());
      putIfPresent(out, "patch", item.getPatch());
      putIfPresent(out, "put", item.getPut());
      putIfPresent(out, "delete", item.getDelete());
      putIfPresent(out, "head", item.getHead());
      putIfPresent(out, "options", item.getOptions());
      putIfPresent(out, "trace", item.getTrace());
    }
    return out;
  }

  private static <T> void putIfPresent(Map<String, T> map, String key, T value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static String tagTitle(String tag) {
    String t = tag.replace('-', ' ').replace('_', ' ').strip();
    return t.isEmpty() ? tag : Character.toUpperCase(t.charAt(0)) + t.substring(1);
  }

  private DocsPage.Operation operation(Declared declared) {
    String method = declared.method();
    String path = declared.path();
    io.swagger.v3.oas.models.Operation op = declared.op();
    String opId = blankToNull(op.getOperationId());
    String anchor = uniqueId("op-" + slug(opId != null ? opId : method + "-" + path));
    List<SecurityRequirement> security = op.getSecurity() != null ? op.getSecurity() : api.getSecurity();
    return new DocsPage.Operation(anchor, method, path, blankToNull(op.getSummary()),
        blankToNull(op.getDescription()), opId, requirementNames(security), Boolean.TRUE.equals(op.getDeprecated()),
        parameters(declared.item(), op), requestBody(op), responses(op));
  }

  private List<DocsPage.Parameter> parameters(PathItem item, io.swagger.v3.oas.models.Operation op) {
    Map<String, Parameter> params = new LinkedHashMap<>();
    for (List<Parameter> list : java.util.Arrays.asList(item.getParameters(), op.getParameters())) {
      for (Parameter p : orEmpty(list)) {
        Parameter param = ref(p, Parameter::get$ref, components.getParameters());
        if (param != null) {
          params.put(param.getIn() + ":" + param.getName(), param);
        }
      }
    }
    List<DocsPage.Parameter> out = new ArrayList<>();
    for (Parameter p : params.values()) {
      boolean required = Boolean.TRUE.equals(p.getRequired()) || "path".equals(p.getIn());
      out.add(new DocsPage.Parameter(orElse(p.getName(), ""), orElse(p.getIn(), ""), required,
          typeLabel(p.getSchema(), 0), details(p.getSchema(), p.getDescription())));
    }
    return out;
  }

  private DocsPage.RequestBody requestBody(io.swagger.v3.oas.models.Operation op) {
    RequestBody body = ref(op.getRequestBody(), RequestBody::get$ref, components.getRequestBodies());
    if (body == null) {
      return null;
    }
    Content content = body.getContent() != null ? body.getContent() : new Content();
    MediaType first = content.isEmpty() ? null : content.values().iterator().next();
    Schema<?> schema = first == null ? null : first.getSchema();
    return new DocsPage.RequestBody(Boolean.TRUE.equals(body.getRequired()), List.copyOf(content.keySet()),
        typeLabel(schema, 0), blankToNull(body.getDescription()), fields(schema));
  }

  private List<DocsPage.Response> responses(io.swagger.v3.oas.models.Operation op) {
    List<DocsPage.Response> out = new ArrayList<>();
    if (op.getResponses() == null) {
      return out;
    }
    op.getResponses().forEach((code, r) -> {
      ApiResponse response = ref(r, ApiResponse::get$ref, components.getResponses());
      if (response == null) {
        return;
      }
      List<DocsPage.Body> bodies = new ArrayList<>();
      orEmpty(response.getContent()).forEach((type, media) ->
          bodies.add(new DocsPage.Body(type, media == null ? Inline.empty() : typeLabel(media.getSchema(), 0))));
      List<String> headers = new ArrayList<>();
      orEmpty(response.getHeaders()).forEach((name, header) -> {
        if (ref(header, Header::get$ref, components.getHeaders()) != null) {
          headers.add(name);
        }
      });
      out.add(new DocsPage.Response(code, blankToNull(response.getDescription()), bodies, headers));
    });
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Authentication

  private DocsPage.Authentication authentication() {
    Map<String, SecurityScheme> schemes = orEmpty(components.getSecuritySchemes());
    List<DocsPage.Scheme> out = new ArrayList<>();
    schemes.forEach((name, s) -> {
      if (s != null) {
        out.add(new DocsPage.Scheme(name, schemeHow(s), blankToNull(s.getDescription())));
      }
    });
    return new DocsPage.Authentication(!schemes.isEmpty(), requirementNames(api.getSecurity()), out);
  }

  private static Inline schemeHow(SecurityScheme s) {
    String type = s.getType() == null ? "" : s.getType().toString();
    return switch (type) {
      case "apiKey" -> {
        String where = s.getIn() == null ? "header" : s.getIn().toString();
        yield Inline.builder().text("An API key in " + switch (where) {
          case "query" -> "the query parameter ";
          case "cookie" -> "the cookie ";
          default -> "the header ";
        }).code(orElse(s.getName(), "")).text(".").build();
      }
      case "http" -> Inline.builder().text("HTTP authentication, scheme ").code(orElse(s.getScheme(), "")).text(".")
          .build();
      default -> Inline.builder().text("Type ").code(type).text(".").build();
    };
  }

  /** Scheme names of a security requirement list ({@code [{OAuth: []}, {api_key: []}]}); empty if public. */
  private static List<String> requirementNames(List<SecurityRequirement> requirements) {
    List<String> names = new ArrayList<>();
    for (SecurityRequirement req : orEmpty(requirements)) {
      if (req == null) {
        continue;
      }
      if (req.isEmpty()) {
        return List.of(); // {} = anonymous access allowed
      }
      names.add(String.join(" and ", req.keySet()));
    }
    return names;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Schemas

  private List<DocsPage.NamedSchema> namedSchemas() {
    List<DocsPage.NamedSchema> out = new ArrayList<>();
    schemas.forEach((name, schema) -> {
      if (schema == null) {
        return;
      }
      Schema<?> target = resolve(schema);
      List<DocsPage.Field> fields = target != null && target.getProperties() != null ? fields(schema) : List.of();
      out.add(new DocsPage.NamedSchema(schemaIds.get(name), name, blankToNull(schema.getDescription()), fields,
          typeLabel(schema, 1), details(schema, null)));
    });
    return out;
  }

  private List<DocsPage.Field> fields(Schema<?> schema) {
    List<DocsPage.Field> out = new ArrayList<>();
    collect(out, "", schema, 0, new LinkedHashSet<>());
    return out;
  }

  /**
   * Lists the properties of {@code schema} (following its {@code $ref} at the top only), descending into inline objects
   * and arrays of inline objects with dotted names; named schemas below the top are linked, not expanded.
   */
  private void collect(List<DocsPage.Field> out, String prefix, Schema<?> schema, int depth, Set<String> visiting) {
    if (schema == null || depth > MAX_DEPTH) {
      return;
    }
    String ref = schema.get$ref();
    if (ref != null) {
      if (depth > 0 || !visiting.add(ref)) {
        return;
      }
      collect(out, prefix, schemaRef(ref), depth, visiting);
      visiting.remove(ref);
      return;
    }
    for (Schema<?> part : orEmpty(schema.getAllOf())) {
      collect(out, prefix, part, depth, visiting);
    }
    if (schema.getProperties() == null) {
      return;
    }
    Set<String> required = new HashSet<>(orEmpty(schema.getRequired()));
    schema.getProperties().forEach((key, p) -> {
      if (p == null) {
        return;
      }
      String name = prefix.isEmpty() ? key : prefix + "." + key;
      out.add(new DocsPage.Field(name, typeLabel(p, 0), required.contains(key), details(p, p.getDescription())));
      if (p.get$ref() == null && p.getProperties() != null) {
        collect(out, name, p, depth + 1, visiting);
      }
      Schema<?> items = p.getItems();
      if (items != null && items.get$ref() == null && items.getProperties() != null) {
        collect(out, name + "[]", items, depth + 1, visiting);
      }
    });
  }

  /**
   * The type of a schema in words, linking named schemas: {@code string}, {@code string, nullable},
   * {@code array of Page}, {@code ComponentStatus (string)}.
   */
  private Inline typeLabel(Schema<?> schema, int depth) {
    if (schema == null || depth > MAX_DEPTH) {
      return Inline.empty();
    }
    String ref = schema.get$ref();
    if (ref != null) {
      String name = refName(ref);
      Inline link = schemaIds.containsKey(name) && ref.startsWith(SCHEMAS)
          ? Inline.builder().link(name, "#" + schemaIds.get(name)).build() : Inline.text(name);
      Schema<?> target = schemaRef(ref);
      if (target != null && target.getProperties() == null && depth == 0) {
        Inline inner = typeLabel(target, depth + 1);
        return inner.isEmpty() ? link : Inline.builder().add(link).text(" (").add(inner).text(")").build();
      }
      return link;
    }
    for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
      List<Schema> parts = switch (combinator) {
        case "oneOf" -> orEmpty(schema.getOneOf());
        case "anyOf" -> orEmpty(schema.getAnyOf());
        default -> orEmpty(schema.getAllOf());
      };
      if (!parts.isEmpty()) {
        List<Inline> labels = new ArrayList<>();
        for (Schema<?> part : parts) {
          labels.add(typeLabel(part, depth + 1));
        }
        boolean all = combinator.equals("allOf");
        return Inline.text(all ? "all of: " : "one of: ").then(Inline.join(all ? " and " : " or ", labels));
      }
    }
    List<String> types = new ArrayList<>(types(schema));
    boolean nullable = types.remove("null") || Boolean.TRUE.equals(schema.getNullable());
    Inline.Builder label = Inline.builder();
    if (types.isEmpty()) {
      label.text(schema.getProperties() != null ? "object" : orEmpty(schema.getEnum()).isEmpty() ? "any" : "enum");
    } else {
      List<Inline> words = new ArrayList<>();
      for (String t : types) {
        if (t.equals("array")) {
          Inline of = typeLabel(schema.getItems(), depth + 1);
          words.add(of.isEmpty() ? Inline.text("array") : Inline.text("array of ").then(of));
        } else {
          words.add(Inline.text(t));
        }
      }
      label.add(Inline.join(" or ", words));
    }
    if (schema.getFormat() != null && !schema.getFormat().isBlank()) {
      label.text(" (" + schema.getFormat() + ")");
    }
    if (nullable) {
      label.text(", nullable");
    }
    return label.build();
  }

  /** The JSON types of a schema: OpenAPI 3.1's list, or 3.0's single type. */
  private static Set<String> types(Schema<?> schema) {
    if (schema.getTypes() != null && !schema.getTypes().isEmpty()) {
      return schema.getTypes();
    }
    return schema.getType() == null ? Set.of() : Set.of(schema.getType());
  }

  /** Constraints and description of a schema (its $ref target's constraints too). */
  private DocsPage.Details details(Schema<?> schema, String description) {
    List<Inline> parts = new ArrayList<>();
    if (schema != null) {
      Schema<?> s = schema;
      if (schema.get$ref() != null) {
        Schema<?> target = schemaRef(schema.get$ref());
        s = target == null ? schema : target;
        if (description == null || description.isBlank()) {
          description = schema.getDescription();
        }
      }
      constraints(parts, s);
      if (types(s).contains("null")) {
        parts.add(Inline.text("Can be null."));
      }
      Schema<?> items = s.getItems();
      if (items != null) {
        Schema<?> it = items.get$ref() != null ? schemaRef(items.get$ref()) : items;
        List<Inline> itemParts = new ArrayList<>();
        if (it != null && it.getProperties() == null) {
          constraints(itemParts, it);
        }
        if (!itemParts.isEmpty()) {
          parts.add(Inline.text("Each item: ").then(Inline.join(" ", itemParts)));
        }
      }
    }
    return new DocsPage.Details(blankToNull(description), Inline.join(" ", parts));
  }

  private static void constraints(List<Inline> parts, Schema<?> s) {
    List<?> values = orEmpty(s.getEnum());
    if (!values.isEmpty()) {
      parts.add(Inline.text("One of: ").then(Inline.join(", ", values.stream().map(v -> Inline.code(value(v)))
          .toList())).then(Inline.text(".")));
    }
    if (s.getConst() != null) {
      parts.add(Inline.builder().text("Always ").code(value(s.getConst())).text(".").build());
    }
    range(parts, s.getMinLength(), s.getMaxLength(), "character");
    range(parts, s.getMinimum(), s.getMaximum(), null);
    range(parts, s.getMinItems(), s.getMaxItems(), "item");
    range(parts, s.getMinProperties(), s.getMaxProperties(), "field");
    if (forbidsOtherFields(s) && s.getProperties() != null) {
      parts.add(Inline.text("No other fields."));
    }
    if (Boolean.TRUE.equals(s.getUniqueItems())) {
      parts.add(Inline.text("No duplicates."));
    }
    if (s.getExclusiveMinimumValue() != null) {
      parts.add(Inline.text("More than " + value(s.getExclusiveMinimumValue()) + "."));
    }
    if (s.getExclusiveMaximumValue() != null) {
      parts.add(Inline.text("Less than " + value(s.getExclusiveMaximumValue()) + "."));
    }
    if (s.getPattern() != null && !s.getPattern().isBlank()) {
      parts.add(Inline.builder().text("Matches ").code(s.getPattern()).text(".").build());
    }
    if (s.getDefault() != null) {
      parts.add(Inline.builder().text("Default ").code(value(s.getDefault())).text(".").build());
    }
    if (Boolean.TRUE.equals(s.getReadOnly())) {
      parts.add(Inline.text("Read-only."));
    }
    if (Boolean.TRUE.equals(s.getDeprecated())) {
      parts.add(Inline.text("Deprecated."));
    }
  }

  /** {@code additionalProperties: false}: a boolean in OpenAPI 3.0, a false schema in 3.1. */
  private static boolean forbidsOtherFields(Schema<?> s) {
    Object additional = s.getAdditionalProperties();
    return Boolean.FALSE.equals(additional)
        || additional instanceof Schema<?> schema && Boolean.FALSE.equals(schema.getBooleanSchemaValue());
  }

  private static void range(List<Inline> parts, Number min, Number max, String unit) {
    if (min != null && max != null) {
      parts.add(Inline.text((unit == null ? "From " : "") + value(min) + " to " + value(max) + units(unit, max) + "."));
    } else if (min != null) {
      parts.add(Inline.text("At least " + value(min) + units(unit, min) + "."));
    } else if (max != null) {
      parts.add(Inline.text("At most " + value(max) + units(unit, max) + "."));
    }
  }

  private static String units(String unit, Number n) {
    return unit == null ? "" : " " + unit + (n.doubleValue() == 1 ? "" : "s");
  }

  /** A value from the contract as text: numbers without trailing zeros, JSON text without quotes. */
  private static String value(Object v) {
    if (v instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    if (v instanceof JsonNode n) {
      return n.isTextual() ? n.asText() : n.toString();
    }
    return String.valueOf(v);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // References and ids

  /**
   * A parameter, request body, response or header: itself, or the component its {@code $ref} names (a chain of them
   * followed, to a limit). Only local {@code #/components/...} references are followed.
   */
  private static <T> T ref(T item, Function<T, String> refOf, Map<String, T> named) {
    T cur = item;
    for (int i = 0; cur != null && i < MAX_DEPTH; i++) {
      String ref = refOf.apply(cur);
      if (ref == null) {
        return cur;
      }
      cur = ref.startsWith("#/components/") ? orEmpty(named).get(refName(ref)) : null;
    }
    return null;
  }

  /** The named schema a {@code $ref} points at, or {@code null}. */
  private Schema<?> schemaRef(String ref) {
    return ref != null && ref.startsWith(SCHEMAS) ? schemas.get(refName(ref)) : null;
  }

  /** A schema with its {@code $ref} chain followed (cycle-safe). */
  private Schema<?> resolve(Schema<?> schema) {
    Set<String> seen = new HashSet<>();
    Schema<?> cur = schema;
    while (cur != null && cur.get$ref() != null) {
      if (!seen.add(cur.get$ref())) {
        return cur;
      }
      cur = schemaRef(cur.get$ref());
    }
    return cur;
  }

  private static String refName(String ref) {
    int slash = ref.lastIndexOf('/');
    return (slash >= 0 ? ref.substring(slash + 1) : ref).replace("~1", "/").replace("~0", "~");
  }

  private static String slug(String s) {
    String out = s == null ? "" : s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-")
        .replaceAll("^-+|-+$", "");
    return out.isEmpty() ? "x" : out;
  }

  private String uniqueId(String base) {
    String id = base;
    int n = 2;
    while (!usedIds.add(id)) {
      id = base + "-" + n++;
    }
    return id;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }

  private static String orElse(String s, String fallback) {
    return s == null || s.isBlank() ? fallback : s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
