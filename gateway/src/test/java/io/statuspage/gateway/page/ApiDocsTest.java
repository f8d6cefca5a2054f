package io.statuspage.gateway.page;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.statuspage.gateway.page.Pages.one;
import static io.statuspage.gateway.page.Pages.parse;
import static io.statuspage.gateway.page.Pages.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiDocsTest {

  private static JsonObject contract;
  private static String html;
  private static Document docs;

  @BeforeAll
  static void render() {
    contract = Samples.contract();
    html = ApiDocs.render(Samples.contractYaml(), PageView.defaults());
    docs = parse(html);
  }

  /** An operation's section, by its heading's id. */
  private static Element section(String id) {
    return one(docs, "section[aria-labelledby=" + id + "]");
  }

  /** The rows of a section's table with this caption, each as its cells' text. */
  private static List<List<String>> table(Element section, String caption) {
    Element table = one(section, "table:has(caption:matchesOwn(^" + caption + "$))");
    List<List<String>> rows = new ArrayList<>();
    for (Element tr : table.select("tbody tr")) {
      rows.add(tr.children().stream().map(Element::text).toList());
    }
    return rows;
  }

  private static List<String> rowStartingWith(List<List<String>> rows, String first) {
    return rows.stream().filter(r -> r.get(0).equals(first)).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + first + " in " + rows));
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
        Element heading = one(docs, "h3#op-" + id.toLowerCase(Locale.ROOT));
        assertEquals(method.toUpperCase(Locale.ROOT) + path, heading.text().replace(" ", ""), id);
        assertTrue(one(heading, ".sp-method").hasClass("sp-method--" + method));
        Element section = heading.parent();
        assertEquals(id, one(row(section, "Operation ID"), "code").text());
        assertEquals(op.getString("summary"), one(section, "p.govuk-body-l").text());
      }
    }
    assertTrue(operations >= 20, "only " + operations + " operations in the contract?");
    assertEquals(operations, docs.select("h3.sp-operation__title").size());
  }

  @Test
  void infoAndContractLink() {
    assertEquals("statuspage API documentation", docs.title());
    assertEquals("statuspage API", one(docs, "h1").text());
    assertEquals("Version 0.1.0", one(docs, ".govuk-caption-l").text());
    assertEquals("/openapi.yaml", one(docs, "main a:contains(openapi.yaml)").attr("href"));
    assertTrue(docs.text().contains("(OpenAPI 3.1.0)"));
    assertTrue(docs.text().contains("Licence: Apache-2.0."));
    // the description's Markdown: bullets, bold, code, emphasis; a code span's <key> stays text
    Element bullets = one(docs, "main ul.govuk-list.govuk-list--bullet");
    assertEquals("Public API", one(bullets, "li strong").text());
    assertEquals("/api/v2/...", one(bullets, "li code.sp-code").text());
    assertTrue(docs.select("code.sp-code").eachText().contains("Authorization: OAuth <key>"));
    assertTrue(docs.select("em").eachText().contains("(extension)"));
    assertEquals("/docs", one(docs, "nav a[aria-current=page]").attr("href"));
    // contents link to the sections
    for (Element link : one(docs, "main h2:contains(Contents) + ul").select("a")) {
      assertEquals(1, docs.select(link.attr("href")).size(), link.attr("href"));
    }
  }

  @Test
  void authenticationFromSecuritySchemes() {
    Element heading = one(docs, "h2#authentication");
    assertEquals("Authentication", heading.text());
    String text = one(docs, "main").text();
    assertTrue(text.contains("Unless an operation says otherwise, it needs one of: OAuth or api_key."), text);
    assertTrue(text.contains("An API key in the header Authorization."));
    assertTrue(text.contains("An API key in the query parameter api_key."));
    assertTrue(docs.select("code.sp-code").eachText().contains("OAuth <key>"));
    assertEquals("No authentication", row(section("op-getsummary"), "Authentication").text());
    Element list = row(section("op-listcomponents"), "Authentication");
    assertEquals("API key (OAuth or api_key)", list.text());
    assertEquals("#authentication", one(list, "a").attr("href"));
  }

  @Test
  void parametersWithLocationRequirementAndConstraints() {
    List<List<String>> params = table(section("op-listcomponents"), "Parameters");
    List<String> pageId = rowStartingWith(params, "page_id");
    assertEquals(List.of("page_id", "path", "Required", "string"), pageId.subList(0, 4));
    assertTrue(pageId.get(4).contains("1 to 64 characters."), pageId.toString());
    List<String> perPage = rowStartingWith(params, "per_page");
    assertEquals(List.of("per_page", "query", "Optional", "integer"), perPage.subList(0, 4));
    assertTrue(perPage.get(4).contains("From 1 to 100. Default 100."), perPage.toString());
  }

  @Test
  void requestBodyAsPublishedWithFieldsFromComponentsSchemas() {
    Element s = section("op-createcomponent");
    Element body = one(s, "p:has(strong:contains(Request body))");
    assertEquals("Request body (required, application/json, application/x-www-form-urlencoded): "
        + "ComponentCreateRequest.", body.text(), "the form body the router's copy drops is documented");
    assertEquals("#schema-componentcreaterequest", one(body, "a").attr("href"));
    List<List<String>> fields = table(s, "Request body fields");
    List<String> name = rowStartingWith(fields, "component.name");
    assertEquals(List.of("component.name", "string", "Required"), name.subList(0, 3));
    assertTrue(name.get(3).contains("1 to 255 characters."));
    assertTrue(s.select("tbody th code").stream().anyMatch(c -> c.html().equals("component.<wbr>name")),
        "a long dotted name may break after a dot");
    // enum through a $ref, nullable through type: [string, 'null']
    assertTrue(rowStartingWith(fields, "component.status").get(3).contains("under_maintenance"));
    List<String> description = rowStartingWith(fields, "component.description");
    assertEquals(List.of("component.description", "string, nullable", "Optional"), description.subList(0, 3));
    assertTrue(description.get(3).contains("Can be null."));
    assertTrue(table(s, "Request body fields").stream().anyMatch(r -> r.get(3).contains("No other fields.")));
    // arrays
    List<String> members = rowStartingWith(table(section("op-createcomponentgroup"), "Request body fields"),
        "component_group.components");
    assertEquals(List.of("component_group.components", "array of string", "Required"), members.subList(0, 3));
    assertTrue(members.get(3).contains("1 to 1000 items."), members.toString());
    assertTrue(members.get(3).contains("No duplicates."));
  }

  @Test
  void responsesWithDescriptionsBodiesAndHeadersAsPublished() {
    List<List<String>> getPage = table(section("op-getpage"), "Responses");
    assertEquals(List.of("200", "The page", "application/json: Page"), rowStartingWith(getPage, "200"));
    assertEquals(List.of("401", "Missing or invalid API key",
        "application/problem+json: Problem Headers: WWW-Authenticate"), rowStartingWith(getPage, "401"),
        "problem+json as published, not as the router relabels it");
    assertEquals("array of Page", rowStartingWith(table(section("op-listpages"), "Responses"), "200").get(2)
        .replace("application/json: ", ""));
    assertEquals(List.of("204", "Deleted", "No body"),
        rowStartingWith(table(section("op-deletecomponent"), "Responses"), "204"));
    assertEquals("No body Headers: ETag, Last-Modified, Cache-Control, Access-Control-Allow-Origin, Vary, "
        + "X-Snapshot-Stale, X-Snapshot-Refreshed-At",
        rowStartingWith(table(section("op-getsummary"), "Responses"), "304").get(2));
    // every linked schema exists
    for (Element link : docs.select("a[href^=#schema-]")) {
      assertEquals(1, docs.select(link.attr("href")).size(), link.attr("href"));
    }
  }

  @Test
  void tableRegionsHaveUniqueNamesAndScrollByKeyboard() {
    Set<String> names = new HashSet<>();
    for (Element region : docs.select("[role=region]")) {
      assertTrue(names.add(region.attr("aria-label")), "duplicate region name " + region.attr("aria-label"));
      assertEquals("0", region.attr("tabindex"));
    }
    assertTrue(names.contains("Responses of GET /api/v2/summary.json"), names.toString());
    assertTrue(names.contains("Request body fields of POST /v1/pages/{page_id}/components"), names.toString());
    assertTrue(names.size() > 40, names.toString());
  }

  @Test
  void schemasHaveTheirFieldsOrTheirType() {
    Element heading = one(docs, "h2#schemas");
    assertEquals("Schemas", heading.text());
    Element status = one(docs, "section[aria-labelledby=schema-componentstatus]");
    assertTrue(status.text().contains("Type: string."), status.text());
    assertTrue(status.text().contains("operational"));
    Element page = one(docs, "section[aria-labelledby=schema-page]");
    assertEquals("Fields of Page", one(page, "caption").text());
  }

  @Test
  void everythingFromTheContractIsEscaped() {
    JsonObject evil = new JsonObject()
        .put("openapi", "3.1.0")
        .put("info", new JsonObject().put("title", "<script>alert(1)</script>").put("version", "1\"><b>")
            .put("description", "Para with <img src=x onerror=alert(2)> and `<code>` and **<i>bold</i>**\n\n"
                + "* item <script>x</script>\n\n[link](javascript:alert(5))"))
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
        "<u>", "<S>", "<f>", "<[a-z]>", "<k>", "<X-Key>", "t\"><", "1\"><", "<b>", "javascript:"}) {
      assertFalse(out.contains(raw), raw + " in\n" + out);
    }
    Document page = parse(out);
    assertEquals(2, page.select("script").size(), "only the layout's own scripts");
    assertTrue(page.select("img, hr, marquee, u, i, b, [onclick]").isEmpty());
    assertEquals("<script>alert(1)</script>", one(page, "h1").text());
    assertEquals("<code>", one(page, "main code.sp-code").text());
    assertEquals("<i>bold</i>", one(page, "main strong").text());
    assertEquals("link", one(page, "main p:contains(link)").text(), "an unsafe link becomes its text");
    assertTrue(page.text().contains("/x/{<id>}"));
    // ids made from contract text are slugs
    assertEquals(1, page.select("h3#op-op-onclick-alert-3").size(), out);
  }

  @Test
  void toleratesAnEmptyContract() {
    Document out = parse(ApiDocs.render(new JsonObject()));
    assertEquals("API", one(out, "h1").text());
    assertTrue(out.text().contains("No authentication is described."));
    assertEquals("/openapi.yaml", one(parse(ApiDocs.render((JsonObject) null)), "main a").attr("href"));
    assertEquals("API", one(parse(ApiDocs.render("not: [an openapi document", null)), "h1").text());
  }
}
