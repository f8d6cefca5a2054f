package io.statuspage.gateway.page;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders the OpenAPI 3.1 contract as a readable, JavaScript-free HTML page in the status page's look: info, how to
 * authenticate, then per tag every operation with its parameters, request body fields and responses, and finally the
 * named schemas. Everything from the contract is escaped; its descriptions are read by {@link Prose}.
 */
public final class ApiDocs {

  private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete", "head", "options",
      "trace");
  private static final int MAX_DEPTH = 8;

  private final JsonObject contract;
  private final Map<String, String> schemaIds = new LinkedHashMap<>();
  private final Set<String> usedIds = new HashSet<>();

  private ApiDocs(JsonObject contract) {
    this.contract = contract;
    usedIds.addAll(List.of("authentication", "schemas", "main-content", "navigation"));
  }

  /** The docs page with default branding; the header shows the contract's title. */
  public static String render(JsonObject contract) {
    return render(contract, PageView.defaults());
  }

  /**
   * The docs page with the deployment's branding.
   *
   * @param contract the OpenAPI document, parsed from YAML into JSON
   * @param view     branding (its freshness is ignored); the header shows its logo text, else the contract's title
   */
  public static String render(JsonObject contract, PageView view) {
    JsonObject c = contract == null ? new JsonObject() : contract;
    PageView v = view == null ? PageView.defaults() : view;
    ApiDocs docs = new ApiDocs(c);
    String title = Data.orElse(Data.str(Data.obj(c, "info"), "title"), "API");
    String logo = v.logoText() != null ? v.logoText() : title;
    return Layout.document(title + " documentation", v, logo, Layout.Nav.API, "", docs.main(title));
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** One operation of the contract. */
  private record Operation(String method, String path, JsonObject op, JsonObject pathItem) {
  }

  private String main(String title) {
    JsonObject info = Data.objOrEmpty(contract, "info");
    JsonObject schemas = Data.objOrEmpty(Data.obj(contract, "components"), "schemas");
    for (String name : schemas.fieldNames()) {
      schemaIds.put(name, uniqueId("schema-" + slug(name)));
    }

    // Operations grouped by their first tag, tags in the contract's order, untagged ones last.
    Map<String, List<Operation>> byTag = new LinkedHashMap<>();
    Map<String, String> tagDescriptions = new HashMap<>();
    for (JsonObject tag : Data.objects(contract, "tags")) {
      String name = Data.str(tag, "name");
      if (name != null) {
        byTag.put(name, new ArrayList<>());
        tagDescriptions.put(name, Data.str(tag, "description"));
      }
    }
    List<Operation> untagged = new ArrayList<>();
    JsonObject paths = Data.objOrEmpty(contract, "paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = Data.obj(paths, path);
      if (item == null) {
        continue;
      }
      for (String key : item.fieldNames()) {
        String method = key.toLowerCase(Locale.ROOT);
        JsonObject op = METHODS.contains(method) ? Data.obj(item, key) : null;
        if (op == null) {
          continue;
        }
        Operation operation = new Operation(method, path, op, item);
        List<String> tags = Data.strings(op, "tags");
        if (tags.isEmpty()) {
          untagged.add(operation);
        } else {
          byTag.computeIfAbsent(tags.get(0), k -> new ArrayList<>()).add(operation);
        }
      }
    }
    if (!untagged.isEmpty()) {
      byTag.computeIfAbsent("other", k -> new ArrayList<>()).addAll(untagged);
    }
    byTag.values().removeIf(List::isEmpty);
    Map<String, String> tagIds = new LinkedHashMap<>();
    for (String tag : byTag.keySet()) {
      tagIds.put(tag, uniqueId("tag-" + slug(tag)));
    }

    StringBuilder m = new StringBuilder(65536);
    m.append("<div class=\"sp-docs\">\n<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-full\">\n");
    String version = Data.str(info, "version");
    if (!Data.blank(version)) {
      m.append("<span class=\"govuk-caption-l\">Version ").append(Html.esc(version)).append("</span>\n");
    }
    m.append("<h1 class=\"govuk-heading-xl\">").append(Html.esc(title)).append("</h1>\n");
    String summary = Data.str(info, "summary");
    if (!Data.blank(summary)) {
      m.append("<p class=\"govuk-body-l\">").append(Prose.inline(summary.strip())).append("</p>\n");
    }
    m.append("</div>\n</div>\n<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n");
    m.append(Prose.blocks(Data.str(info, "description")));
    m.append("<p class=\"govuk-body\">The machine-readable contract is <a class=\"govuk-link\" href=\"/openapi.yaml\">")
        .append("openapi.yaml</a> (OpenAPI ").append(Html.esc(Data.orElse(Data.str(contract, "openapi"), "3")))
        .append(").</p>\n");
    JsonObject license = Data.obj(info, "license");
    if (license != null && !Data.blank(Data.str(license, "name"))) {
      m.append("<p class=\"govuk-body\">Licence: ").append(Html.esc(Data.str(license, "name"))).append(".</p>\n");
    }

    // Contents
    m.append("<h2 class=\"govuk-heading-m\">Contents</h2>\n<ul class=\"govuk-list\">\n")
        .append("<li><a class=\"govuk-link\" href=\"#authentication\">Authentication</a></li>\n");
    for (Map.Entry<String, String> t : tagIds.entrySet()) {
      m.append("<li><a class=\"govuk-link\" href=\"#").append(Html.esc(t.getValue())).append("\">")
          .append(Html.esc(tagTitle(t.getKey()))).append("</a></li>\n");
    }
    if (!schemaIds.isEmpty()) {
      m.append("<li><a class=\"govuk-link\" href=\"#schemas\">Schemas</a></li>\n");
    }
    m.append("</ul>\n</div>\n</div>\n");

    authentication(m);
    for (Map.Entry<String, List<Operation>> t : byTag.entrySet()) {
      m.append("<h2 class=\"govuk-heading-l\" id=\"").append(Html.esc(tagIds.get(t.getKey()))).append("\">")
          .append(Html.esc(tagTitle(t.getKey()))).append("</h2>\n");
      m.append(Prose.blocks(tagDescriptions.get(t.getKey())));
      for (Operation op : t.getValue()) {
        operation(m, op);
      }
    }
    schemasSection(m, schemas);
    m.append("</div>\n");
    return m.toString();
  }

  private static String tagTitle(String tag) {
    String t = tag.replace('-', ' ').replace('_', ' ').strip();
    return t.isEmpty() ? tag : Character.toUpperCase(t.charAt(0)) + t.substring(1);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Authentication

  private void authentication(StringBuilder m) {
    m.append("<h2 class=\"govuk-heading-l\" id=\"authentication\">Authentication</h2>\n");
    JsonObject schemes = Data.objOrEmpty(Data.obj(contract, "components"), "securitySchemes");
    if (schemes.isEmpty()) {
      m.append("<p class=\"govuk-body\">No authentication is described.</p>\n");
      return;
    }
    List<String> defaults = requirementNames(Data.list(contract.getValue("security")));
    if (defaults.isEmpty()) {
      m.append("<p class=\"govuk-body\">Operations need no authentication unless they say otherwise.</p>\n");
    } else {
      m.append("<p class=\"govuk-body\">Unless an operation says otherwise, it needs one of: ")
          .append(String.join(" or ", defaults.stream().map(n -> "<code class=\"sp-code\">" + Html.esc(n)
              + "</code>").toList()))
          .append(". Operations marked <strong>No authentication</strong> are public.</p>\n");
    }
    m.append("<dl class=\"govuk-summary-list\">\n");
    for (String name : schemes.fieldNames()) {
      JsonObject s = Data.obj(schemes, name);
      if (s == null) {
        continue;
      }
      StringBuilder v = new StringBuilder("<p class=\"govuk-body\">").append(schemeHow(s)).append("</p>");
      String d = Data.str(s, "description");
      if (!Data.blank(d)) {
        v.append(Prose.blocks(d));
      }
      m.append("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\"><code class=\"sp-code\">")
          .append(Html.esc(name)).append("</code></dt><dd class=\"govuk-summary-list__value\">").append(v)
          .append("</dd></div>\n");
    }
    m.append("</dl>\n");
  }

  private static String schemeHow(JsonObject s) {
    String type = Data.orElse(Data.str(s, "type"), "");
    switch (type) {
      case "apiKey" -> {
        String in = Data.orElse(Data.str(s, "in"), "header");
        String where = switch (in) {
          case "query" -> "the query parameter";
          case "cookie" -> "the cookie";
          default -> "the header";
        };
        return "An API key in " + where + " <code class=\"sp-code\">" + Html.esc(Data.str(s, "name")) + "</code>.";
      }
      case "http" -> {
        String scheme = Data.orElse(Data.str(s, "scheme"), "");
        return "HTTP authentication, scheme <code class=\"sp-code\">" + Html.esc(scheme) + "</code>.";
      }
      default -> {
        return "Type <code class=\"sp-code\">" + Html.esc(type) + "</code>.";
      }
    }
  }

  /** Scheme names of a security requirement list ({@code [{OAuth: []}, {api_key: []}]}); empty if public. */
  private static List<String> requirementNames(List<Object> requirements) {
    List<String> names = new ArrayList<>();
    for (Object r : requirements) {
      JsonObject req = Data.obj(r);
      if (req == null) {
        continue;
      }
      if (req.isEmpty()) {
        return List.of(); // {} = anonymous access allowed
      }
      names.add(String.join(" and ", req.fieldNames()));
    }
    return names;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Operations

  private void operation(StringBuilder m, Operation o) {
    String opId = Data.str(o.op(), "operationId");
    String anchor = uniqueId("op-" + slug(opId != null ? opId : o.method() + "-" + o.path()));
    String method = o.method().toUpperCase(Locale.ROOT);
    m.append("<section class=\"sp-operation\" aria-labelledby=\"").append(Html.esc(anchor)).append("\">\n");
    m.append("<h3 class=\"govuk-heading-m sp-operation__title\" id=\"").append(Html.esc(anchor)).append("\">")
        .append("<span class=\"sp-method sp-method--").append(o.method()).append("\">").append(method)
        .append("</span><code class=\"sp-code\">").append(Html.esc(o.path())).append("</code></h3>\n");
    String summary = Data.str(o.op(), "summary");
    if (!Data.blank(summary)) {
      m.append("<p class=\"govuk-body-l\">").append(Prose.inline(summary.strip())).append("</p>\n");
    }
    m.append(Prose.blocks(Data.str(o.op(), "description")));

    m.append("<dl class=\"govuk-summary-list govuk-summary-list--no-border\">\n");
    if (opId != null) {
      docRow(m, "Operation ID", "<code class=\"sp-code\">" + Html.esc(opId) + "</code>");
    }
    Object security = o.op().containsKey("security") ? o.op().getValue("security") : contract.getValue("security");
    List<String> needs = requirementNames(Data.list(security));
    docRow(m, "Authentication", needs.isEmpty() ? "No authentication"
        : "<a class=\"govuk-link\" href=\"#authentication\">API key</a> (" + String.join(" or ",
        needs.stream().map(n -> "<code class=\"sp-code\">" + Html.esc(n) + "</code>").toList()) + ")");
    if (Data.isTrue(o.op(), "deprecated")) {
      docRow(m, "Deprecated", "Yes");
    }
    m.append("</dl>\n");

    parameters(m, o);
    requestBody(m, o);
    responses(m, o);
    m.append("</section>\n");
  }

  private void parameters(StringBuilder m, Operation o) {
    Map<String, JsonObject> params = new LinkedHashMap<>();
    for (Object p : Data.list(o.pathItem().getValue("parameters"))) {
      JsonObject param = deref(Data.obj(p));
      if (param != null) {
        params.put(Data.str(param, "in") + ":" + Data.str(param, "name"), param);
      }
    }
    for (Object p : Data.list(o.op().getValue("parameters"))) {
      JsonObject param = deref(Data.obj(p));
      if (param != null) {
        params.put(Data.str(param, "in") + ":" + Data.str(param, "name"), param);
      }
    }
    if (params.isEmpty()) {
      return;
    }
    m.append(tableStart("Parameters")).append("\n<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">")
        .append("<th scope=\"col\" class=\"govuk-table__header\">Name</th>")
        .append("<th scope=\"col\" class=\"govuk-table__header\">In</th>")
        .append("<th scope=\"col\" class=\"govuk-table__header\">Required</th>")
        .append("<th scope=\"col\" class=\"govuk-table__header\">Type</th>")
        .append("<th scope=\"col\" class=\"govuk-table__header\">Details</th></tr></thead>\n")
        .append("<tbody class=\"govuk-table__body\">\n");
    for (JsonObject p : params.values()) {
      JsonObject schema = Data.obj(p, "schema");
      boolean required = Data.isTrue(p, "required") || "path".equals(Data.str(p, "in"));
      m.append("<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">")
          .append("<code class=\"sp-code\">").append(Html.esc(Data.str(p, "name"))).append("</code></th>")
          .append("<td class=\"govuk-table__cell\">").append(Html.esc(Data.str(p, "in"))).append("</td>")
          .append("<td class=\"govuk-table__cell\">").append(required ? "Required" : "Optional").append("</td>")
          .append("<td class=\"govuk-table__cell\">").append(schema == null ? "" : typeLabel(schema, 0))
          .append("</td><td class=\"govuk-table__cell\">")
          .append(details(schema, Data.str(p, "description"))).append("</td></tr>\n");
    }
    m.append(TABLE_END);
  }

  private void requestBody(StringBuilder m, Operation o) {
    JsonObject body = deref(Data.obj(o.op(), "requestBody"));
    if (body == null) {
      return;
    }
    JsonObject content = Data.objOrEmpty(body, "content");
    m.append("<p class=\"govuk-body\"><strong>Request body</strong> (")
        .append(Data.isTrue(body, "required") ? "required" : "optional");
    for (String type : content.fieldNames()) {
      m.append(", <code class=\"sp-code\">").append(Html.esc(type)).append("</code>");
    }
    m.append(")");
    JsonObject first = content.isEmpty() ? null : Data.obj(content, content.fieldNames().iterator().next());
    JsonObject schema = first == null ? null : Data.obj(first, "schema");
    if (schema != null) {
      m.append(": ").append(typeLabel(schema, 0));
    }
    m.append(".</p>\n");
    m.append(Prose.blocks(Data.str(body, "description")));
    if (schema != null) {
      fieldsTable(m, schema, "Request body fields");
    }
  }

  private void responses(StringBuilder m, Operation o) {
    JsonObject responses = Data.obj(o.op(), "responses");
    if (responses == null || responses.isEmpty()) {
      return;
    }
    m.append(tableStart("Responses")).append("\n<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">")
        .append("<th scope=\"col\" class=\"govuk-table__header\">Code</th>")
        .append("<th scope=\"col\" class=\"govuk-table__header\">Description</th>")
        .append("<th scope=\"col\" class=\"govuk-table__header\">Body</th></tr></thead>\n")
        .append("<tbody class=\"govuk-table__body\">\n");
    for (String code : responses.fieldNames()) {
      JsonObject r = deref(Data.obj(responses, code));
      if (r == null) {
        continue;
      }
      StringBuilder bodyCell = new StringBuilder();
      JsonObject content = Data.objOrEmpty(r, "content");
      for (String type : content.fieldNames()) {
        JsonObject media = Data.obj(content, type);
        JsonObject schema = media == null ? null : Data.obj(media, "schema");
        if (!bodyCell.isEmpty()) {
          bodyCell.append("<br>");
        }
        bodyCell.append("<code class=\"sp-code\">").append(Html.esc(type)).append("</code>");
        if (schema != null) {
          bodyCell.append(": ").append(typeLabel(schema, 0));
        }
      }
      if (bodyCell.isEmpty()) {
        bodyCell.append("No body");
      }
      m.append("<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">")
          .append(Html.esc(code)).append("</th><td class=\"govuk-table__cell\">")
          .append(Prose.inline(Data.orElse(Data.str(r, "description"), ""))).append("</td>")
          .append("<td class=\"govuk-table__cell\">").append(bodyCell).append("</td></tr>\n");
    }
    m.append(TABLE_END);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Schemas

  private void schemasSection(StringBuilder m, JsonObject schemas) {
    if (schemas.isEmpty()) {
      return;
    }
    m.append("<h2 class=\"govuk-heading-l\" id=\"schemas\">Schemas</h2>\n");
    for (String name : schemas.fieldNames()) {
      JsonObject schema = Data.obj(schemas, name);
      if (schema == null) {
        continue;
      }
      m.append("<section class=\"sp-operation sp-schema\" aria-labelledby=\"").append(Html.esc(schemaIds.get(name)))
          .append("\">\n<h3 class=\"govuk-heading-m\" id=\"").append(Html.esc(schemaIds.get(name))).append("\">")
          .append("<code class=\"sp-code\">").append(Html.esc(name)).append("</code></h3>\n");
      m.append(Prose.blocks(Data.str(schema, "description")));
      JsonObject target = resolve(schema, new HashSet<>());
      if (target != null && Data.obj(target, "properties") != null) {
        fieldsTable(m, schema, "Fields of " + name);
      } else {
        m.append("<p class=\"govuk-body\">Type: ").append(typeLabel(schema, 1)).append(". ")
            .append(details(schema, null)).append("</p>\n");
      }
      m.append("</section>\n");
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Schema reading

  /** One row of a fields table. */
  private record Field(String name, JsonObject schema, boolean required) {
  }

  private void fieldsTable(StringBuilder m, JsonObject schema, String caption) {
    List<Field> fields = new ArrayList<>();
    collect(fields, "", schema, 0, new LinkedHashSet<>());
    if (fields.isEmpty()) {
      return;
    }
    m.append(tableStart(caption)).append("\n<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">")
        .append("<th scope=\"col\" class=\"govuk-table__header\">Field</th>")
        .append("<th scope=\"col\" class=\"govuk-table__header\">Type</th>")
        .append("<th scope=\"col\" class=\"govuk-table__header\">Required</th>")
        .append("<th scope=\"col\" class=\"govuk-table__header\">Details</th></tr></thead>\n")
        .append("<tbody class=\"govuk-table__body\">\n");
    for (Field f : fields) {
      m.append("<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">")
          .append("<code class=\"sp-code\">").append(Html.esc(f.name()).replace(".", ".<wbr>"))
          .append("</code></th>")
          .append("<td class=\"govuk-table__cell\">").append(typeLabel(f.schema(), 0)).append("</td>")
          .append("<td class=\"govuk-table__cell\">").append(f.required() ? "Required" : "Optional").append("</td>")
          .append("<td class=\"govuk-table__cell\">").append(details(f.schema(), Data.str(f.schema(), "description")))
          .append("</td></tr>\n");
    }
    m.append(TABLE_END);
  }

  /**
   * Lists the properties of {@code schema} (following its {@code $ref} at the top only), descending into inline objects
   * and arrays of inline objects with dotted names; named schemas below the top are linked, not expanded.
   */
  private void collect(List<Field> out, String prefix, JsonObject schema, int depth, Set<String> visiting) {
    if (schema == null || depth > MAX_DEPTH) {
      return;
    }
    String ref = Data.str(schema, "$ref");
    if (ref != null) {
      if (depth > 0 || !visiting.add(ref)) {
        return;
      }
      collect(out, prefix, resolveRef(ref), depth, visiting);
      visiting.remove(ref);
      return;
    }
    for (String combinator : List.of("allOf")) {
      for (Object part : Data.list(schema.getValue(combinator))) {
        collect(out, prefix, Data.obj(part), depth, visiting);
      }
    }
    JsonObject props = Data.obj(schema, "properties");
    if (props == null) {
      return;
    }
    Set<String> required = new HashSet<>(Data.strings(schema, "required"));
    for (String key : props.fieldNames()) {
      JsonObject p = Data.obj(props, key);
      if (p == null) {
        continue;
      }
      String name = prefix.isEmpty() ? key : prefix + "." + key;
      out.add(new Field(name, p, required.contains(key)));
      if (Data.str(p, "$ref") == null && Data.obj(p, "properties") != null) {
        collect(out, name, p, depth + 1, visiting);
      }
      JsonObject items = Data.obj(p, "items");
      if (items != null && Data.str(items, "$ref") == null && Data.obj(items, "properties") != null) {
        collect(out, name + "[]", items, depth + 1, visiting);
      }
    }
  }

  /**
   * The type of a schema in words, linking named schemas: {@code string}, {@code string (nullable)},
   * {@code array of Page}, {@code ComponentStatus (string)}.
   */
  private String typeLabel(JsonObject schema, int depth) {
    if (schema == null || depth > MAX_DEPTH) {
      return "";
    }
    String ref = Data.str(schema, "$ref");
    if (ref != null) {
      String name = refName(ref);
      String link = schemaIds.containsKey(name) && ref.startsWith("#/components/schemas/")
          ? "<a class=\"govuk-link\" href=\"#" + Html.esc(schemaIds.get(name)) + "\">" + Html.esc(name) + "</a>"
          : Html.esc(name);
      JsonObject target = resolveRef(ref);
      if (target != null && Data.obj(target, "properties") == null && depth == 0) {
        String inner = typeLabel(target, depth + 1);
        return inner.isEmpty() ? link : link + " (" + inner + ")";
      }
      return link;
    }
    for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
      List<Object> parts = Data.list(schema.getValue(combinator));
      if (!parts.isEmpty()) {
        List<String> labels = new ArrayList<>();
        for (Object part : parts) {
          labels.add(typeLabel(Data.obj(part), depth + 1));
        }
        String joiner = combinator.equals("allOf") ? " and " : " or ";
        return (combinator.equals("allOf") ? "all of: " : "one of: ") + String.join(joiner, labels);
      }
    }
    List<String> types = new ArrayList<>(typesOf(schema));
    boolean nullable = types.remove("null");
    String base;
    if (types.isEmpty()) {
      base = Data.obj(schema, "properties") != null ? "object" : (Data.list(schema.getValue("enum")).isEmpty()
          ? "any" : "enum");
    } else {
      List<String> words = new ArrayList<>();
      for (String t : types) {
        if (t.equals("array")) {
          JsonObject items = Data.obj(schema, "items");
          String of = items == null ? "" : typeLabel(items, depth + 1);
          words.add(of.isEmpty() ? "array" : "array of " + of);
        } else {
          words.add(Html.esc(t));
        }
      }
      base = String.join(" or ", words);
    }
    String format = Data.str(schema, "format");
    if (!Data.blank(format)) {
      base += " (" + Html.esc(format) + ")";
    }
    return nullable ? base + ", nullable" : base;
  }

  private static List<String> typesOf(JsonObject schema) {
    Object t = schema.getValue("type");
    if (t instanceof String s) {
      return List.of(s);
    }
    List<String> out = new ArrayList<>();
    for (Object o : Data.list(t)) {
      if (o != null) {
        out.add(o.toString());
      }
    }
    return out;
  }

  /** Constraints and description of a schema (its $ref target's constraints too). */
  private String details(JsonObject schema, String description) {
    List<String> parts = new ArrayList<>();
    if (schema != null) {
      JsonObject s = schema;
      String ref = Data.str(schema, "$ref");
      if (ref != null) {
        JsonObject target = resolveRef(ref);
        s = target == null ? schema : target;
        if (Data.blank(description)) {
          description = Data.str(schema, "description");
        }
      }
      constraints(parts, s);
      if (typesOf(s).contains("null")) {
        parts.add("Can be null.");
      }
      JsonObject items = Data.obj(s, "items");
      if (items != null) {
        List<String> itemParts = new ArrayList<>();
        JsonObject it = Data.str(items, "$ref") != null ? resolveRef(Data.str(items, "$ref")) : items;
        if (it != null && Data.obj(it, "properties") == null) {
          constraints(itemParts, it);
        }
        if (!itemParts.isEmpty()) {
          parts.add("Each item: " + String.join(" ", itemParts));
        }
      }
    }
    StringBuilder out = new StringBuilder();
    if (!Data.blank(description)) {
      out.append(Prose.inline(description.strip()));
    }
    if (!parts.isEmpty()) {
      out.append(out.isEmpty() ? "" : "<br>").append("<span class=\"sp-constraints\">")
          .append(String.join(" ", parts)).append("</span>");
    }
    return out.toString();
  }

  private static void constraints(List<String> parts, JsonObject s) {
    List<Object> values = Data.list(s.getValue("enum"));
    if (!values.isEmpty()) {
      parts.add("One of: " + String.join(", ", values.stream()
          .map(v -> "<code class=\"sp-code\">" + Html.esc(v) + "</code>").toList()) + ".");
    }
    if (s.containsKey("const")) {
      parts.add("Always <code class=\"sp-code\">" + Html.esc(s.getValue("const")) + "</code>.");
    }
    range(parts, s.getValue("minLength"), s.getValue("maxLength"), "character");
    range(parts, s.getValue("minimum"), s.getValue("maximum"), null);
    range(parts, s.getValue("minItems"), s.getValue("maxItems"), "item");
    range(parts, s.getValue("minProperties"), s.getValue("maxProperties"), "field");
    if (Boolean.FALSE.equals(s.getValue("additionalProperties")) && Data.obj(s, "properties") != null) {
      parts.add("No other fields.");
    }
    if (Data.isTrue(s, "uniqueItems")) {
      parts.add("No duplicates.");
    }
    if (s.getValue("exclusiveMinimum") instanceof Number n) {
      parts.add("More than " + Html.esc(n) + ".");
    }
    if (s.getValue("exclusiveMaximum") instanceof Number n) {
      parts.add("Less than " + Html.esc(n) + ".");
    }
    String pattern = Data.str(s, "pattern");
    if (!Data.blank(pattern)) {
      parts.add("Matches <code class=\"sp-code\">" + Html.esc(pattern) + "</code>.");
    }
    if (s.containsKey("default")) {
      parts.add("Default <code class=\"sp-code\">" + Html.esc(s.getValue("default")) + "</code>.");
    }
    if (Data.isTrue(s, "readOnly")) {
      parts.add("Read-only.");
    }
    if (Data.isTrue(s, "deprecated")) {
      parts.add("Deprecated.");
    }
  }

  private static void range(List<String> parts, Object min, Object max, String unit) {
    if (min instanceof Number lo && max instanceof Number hi) {
      parts.add((unit == null ? "From " : "") + Html.esc(lo) + " to " + Html.esc(hi) + units(unit, hi) + ".");
    } else if (min instanceof Number lo) {
      parts.add("At least " + Html.esc(lo) + units(unit, lo) + ".");
    } else if (max instanceof Number hi) {
      parts.add("At most " + Html.esc(hi) + units(unit, hi) + ".");
    }
  }

  private static String units(String unit, Number n) {
    if (unit == null) {
      return "";
    }
    return " " + unit + (n.doubleValue() == 1 ? "" : "s");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // References and ids

  /** A parameter, request body or response: follows {@code $ref} chains inside the contract. */
  private JsonObject deref(JsonObject o) {
    JsonObject cur = o;
    for (int i = 0; cur != null && i < MAX_DEPTH; i++) {
      String ref = Data.str(cur, "$ref");
      if (ref == null) {
        return cur;
      }
      cur = resolveRef(ref);
    }
    return cur;
  }

  /** A schema with its {@code $ref} chain followed (cycle-safe). */
  private JsonObject resolve(JsonObject schema, Set<String> seen) {
    JsonObject cur = schema;
    while (cur != null) {
      String ref = Data.str(cur, "$ref");
      if (ref == null || !seen.add(ref)) {
        return cur;
      }
      cur = resolveRef(ref);
    }
    return null;
  }

  /** A local JSON pointer ({@code #/components/schemas/Page}); {@code null} for anything else. */
  private JsonObject resolveRef(String ref) {
    if (ref == null || !ref.startsWith("#/")) {
      return null;
    }
    Object cur = contract;
    for (String token : ref.substring(2).split("/")) {
      String key = token.replace("~1", "/").replace("~0", "~");
      JsonObject o = Data.obj(cur);
      if (o == null) {
        return null;
      }
      cur = o.getValue(key);
    }
    return Data.obj(cur);
  }

  private static String refName(String ref) {
    int slash = ref.lastIndexOf('/');
    return (slash >= 0 ? ref.substring(slash + 1) : ref).replace("~1", "/").replace("~0", "~");
  }

  private static final String TABLE_END = "</tbody>\n</table>\n</div>\n";

  /**
   * A table inside a keyboard-scrollable region, so that wide tables scroll on their own on narrow screens and the page
   * itself never does (WCAG 1.4.10).
   */
  private static String tableStart(String caption) {
    return "<div class=\"sp-table-scroll\" role=\"region\" aria-label=\"" + Html.esc(caption) + "\" tabindex=\"0\">\n"
        + "<table class=\"govuk-table\">\n<caption class=\"govuk-table__caption govuk-table__caption--s\">"
        + Html.esc(caption) + "</caption>";
  }

  private static void docRow(StringBuilder m, String key, String valueHtml) {
    m.append("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">").append(key)
        .append("</dt><dd class=\"govuk-summary-list__value\">").append(valueHtml).append("</dd></div>\n");
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
}
