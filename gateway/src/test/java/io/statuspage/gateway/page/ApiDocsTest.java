package io.statuspage.gateway.page;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiDocsTest {

  private static JsonObject contract;
  private static String html;

  @BeforeAll
  static void render() {
    contract = Samples.contract();
    html = ApiDocs.render(contract);
  }

  @Test
  void everyOperationIsListedWithMethodPathAndId() {
    JsonObject paths = contract.getJsonObject("paths");
    int operations = 0;
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : List.of("get", "post", "put", "patch", "delete")) {
        JsonObject op = item.getJsonObject(method);
        if (op == null) {
          continue;
        }
        operations++;
        String id = op.getString("operationId");
        String heading = "<h3 class=\"govuk-heading-m sp-operation__title\" id=\"op-" + id.toLowerCase(Locale.ROOT)
            + "\"><span class=\"sp-method sp-method--" + method + "\">" + method.toUpperCase(Locale.ROOT)
            + "</span><code class=\"sp-code\">" + Html.esc(path) + "</code></h3>";
        assertTrue(html.contains(heading), "missing " + heading);
        assertTrue(html.contains("<code class=\"sp-code\">" + id + "</code>"), id);
        assertTrue(html.contains(Html.esc(op.getString("summary"))), op.getString("summary"));
      }
    }
    assertTrue(operations >= 20, "only " + operations + " operations in the contract?");
    Matcher m = Pattern.compile("class=\"govuk-heading-m sp-operation__title\"").matcher(html);
    int rendered = 0;
    while (m.find()) {
      rendered++;
    }
    assertEquals(operations, rendered);
  }

  @Test
  void infoAndContractLink() {
    assertTrue(html.contains("<title>statuspage API documentation</title>"));
    assertTrue(html.contains("<h1 class=\"govuk-heading-xl\">statuspage API</h1>"));
    assertTrue(html.contains("Version 0.1.0"));
    assertTrue(html.contains("<a class=\"govuk-link\" href=\"/openapi.yaml\">openapi.yaml</a>"));
    // description: bullets, bold, code; the code span's <key> stays text
    assertTrue(html.contains("<ul class=\"govuk-list govuk-list--bullet\">"));
    assertTrue(html.contains("<li><strong>Public API</strong> (<code class=\"sp-code\">/api/v2/...</code>)"), html);
    assertTrue(html.contains("<code class=\"sp-code\">Authorization: OAuth &lt;key&gt;</code>"));
    assertTrue(html.contains("<em>(extension)</em>"));
    assertTrue(html.contains("aria-current=\"page\""));
    assertTrue(html.contains("href=\"/docs\" aria-current=\"page\""));
  }

  @Test
  void authenticationFromSecuritySchemes() {
    assertTrue(html.contains("<h2 class=\"govuk-heading-l\" id=\"authentication\">Authentication</h2>"));
    assertTrue(html.contains("An API key in the header <code class=\"sp-code\">Authorization</code>."));
    assertTrue(html.contains("An API key in the query parameter <code class=\"sp-code\">api_key</code>."));
    assertTrue(html.contains("<code class=\"sp-code\">OAuth &lt;key&gt;</code> as Statuspage clients send it"));
    String summary = section("op-getsummary");
    assertTrue(summary.contains("No authentication"), summary);
    String list = section("op-listcomponents");
    assertTrue(list.contains("<a class=\"govuk-link\" href=\"#authentication\">API key</a>"), list);
  }

  @Test
  void parametersWithLocationRequirementAndConstraints() {
    String s = section("op-listcomponents");
    assertTrue(s.contains("<code class=\"sp-code\">page_id</code></th><td class=\"govuk-table__cell\">path</td>"
        + "<td class=\"govuk-table__cell\">Required</td><td class=\"govuk-table__cell\">string</td>"), s);
    assertTrue(s.contains("1 to 64 characters."));
    assertTrue(s.contains("<code class=\"sp-code\">per_page</code></th><td class=\"govuk-table__cell\">query</td>"
        + "<td class=\"govuk-table__cell\">Optional</td><td class=\"govuk-table__cell\">integer</td>"), s);
    assertTrue(s.contains("From 1 to 100. Default <code class=\"sp-code\">100</code>."), s);
  }

  @Test
  void requestBodyFieldsResolvedFromComponentsSchemas() {
    String s = section("op-createcomponent");
    assertTrue(s.contains("<strong>Request body</strong> (required, <code class=\"sp-code\">application/json</code>, "
        + "<code class=\"sp-code\">application/x-www-form-urlencoded</code>): "
        + "<a class=\"govuk-link\" href=\"#schema-componentcreaterequest\">ComponentCreateRequest</a>."), s);
    assertTrue(s.contains("<code class=\"sp-code\">component.<wbr>name</code></th><td class=\"govuk-table__cell\">string"
        + "</td><td class=\"govuk-table__cell\">Required</td>"), s);
    assertTrue(s.contains("1 to 255 characters."));
    // enum through a $ref, nullable through type: [string, 'null']
    assertTrue(s.contains("<code class=\"sp-code\">component.<wbr>status</code>"));
    assertTrue(s.contains("<code class=\"sp-code\">under_maintenance</code>"));
    assertTrue(s.contains("<code class=\"sp-code\">component.<wbr>description</code></th><td class=\"govuk-table__cell\">"
        + "string, nullable</td><td class=\"govuk-table__cell\">Optional</td>"), s);
    assertTrue(s.contains("Can be null."));
    assertTrue(s.contains("No other fields."));
    // arrays
    String g = section("op-createcomponentgroup");
    assertTrue(g.contains("<code class=\"sp-code\">component_group.<wbr>components</code></th><td class=\"govuk-table__cell\">"
        + "array of string</td><td class=\"govuk-table__cell\">Required</td>"), g);
    assertTrue(g.contains("From 1 to 1000 items.") || g.contains("1 to 1000 items."), g);
    assertTrue(g.contains("No duplicates."));
  }

  @Test
  void responsesWithDescriptionsAndSchemaNames() {
    String s = section("op-getpage");
    assertTrue(s.contains("<th scope=\"row\" class=\"govuk-table__header\">200</th><td class=\"govuk-table__cell\">"
        + "The page</td><td class=\"govuk-table__cell\"><code class=\"sp-code\">application/json</code>: "
        + "<a class=\"govuk-link\" href=\"#schema-page\">Page</a></td>"), s);
    assertTrue(s.contains(">401</th><td class=\"govuk-table__cell\">Missing or invalid API key</td>"));
    assertTrue(s.contains("<a class=\"govuk-link\" href=\"#schema-problem\">Problem</a>"));
    assertTrue(section("op-listpages").contains("array of <a class=\"govuk-link\" href=\"#schema-page\">Page</a>"));
    assertTrue(section("op-deletecomponent").contains(">204</th><td class=\"govuk-table__cell\">Deleted</td>"
        + "<td class=\"govuk-table__cell\">No body</td>"));
    // every linked schema exists
    Matcher m = Pattern.compile("href=\"#(schema-[a-z0-9-]+)\"").matcher(html);
    while (m.find()) {
      assertTrue(html.contains("id=\"" + m.group(1) + "\""), m.group(1));
    }
  }

  @Test
  void everythingFromTheContractIsEscaped() {
    JsonObject evil = new JsonObject()
        .put("openapi", "3.1.0")
        .put("info", new JsonObject().put("title", "<script>alert(1)</script>").put("version", "1\"><b>")
            .put("description", "Para with <img src=x onerror=alert(2)> and `<code>` and **<i>bold</i>**\n\n"
                + "* item <script>x</script>"))
        .put("tags", new JsonArray().add(new JsonObject().put("name", "t\"><script>").put("description", "<hr>")))
        .put("paths", new JsonObject().put("/x/{<id>}", new JsonObject().put("get", new JsonObject()
            .put("tags", new JsonArray().add("t\"><script>"))
            .put("operationId", "op\" onclick=\"alert(3)")
            .put("summary", "<marquee>")
            .put("parameters", new JsonArray().add(new JsonObject().put("name", "<p>").put("in", "query")
                .put("schema", new JsonObject().put("type", "string").put("enum", new JsonArray().add("<e>")))))
            .put("responses", new JsonObject().put("200", new JsonObject().put("description", "<u>ok</u>"))))))
        .put("components", new JsonObject().put("schemas", new JsonObject()
            .put("<S>", new JsonObject().put("type", "object").put("properties",
                new JsonObject().put("<f>", new JsonObject().put("type", "string").put("pattern", "<[a-z]>")))))
            .put("securitySchemes", new JsonObject().put("<k>", new JsonObject().put("type", "apiKey")
                .put("in", "header").put("name", "<X-Key>"))));
    String out = ApiDocs.render(evil);
    for (String raw : new String[] {"<script>alert", "<img", "<code>`", "<i>", "<hr>", "<marquee>", "<p>", "<e>",
        "<u>", "<S>", "<f>", "<[a-z]>", "<k>", "<X-Key>", "t\"><", "1\"><", "onclick=\"", "<b>"}) {
      assertFalse(out.contains(raw), raw + " in\n" + out);
    }
    assertTrue(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(out.contains("<code class=\"sp-code\">&lt;code&gt;</code>"));
    assertTrue(out.contains("<strong>&lt;i&gt;bold&lt;/i&gt;</strong>"));
    assertTrue(out.contains("/x/{&lt;id&gt;}"));
    // ids made from contract text are slugs
    assertTrue(out.contains("id=\"op-op-onclick-alert-3\""), out);
  }

  @Test
  void toleratesAnEmptyContract() {
    String out = ApiDocs.render(new JsonObject());
    assertTrue(out.contains("<h1 class=\"govuk-heading-xl\">API</h1>"));
    assertTrue(out.contains("No authentication is described."));
    assertTrue(ApiDocs.render(null).contains("/openapi.yaml"));
  }

  /** The HTML of one operation's section, by anchor id. */
  private static String section(String id) {
    int start = html.indexOf("id=\"" + id + "\"");
    assertTrue(start >= 0, "no section " + id);
    int end = html.indexOf("</section>", start);
    return html.substring(start, end);
  }
}
