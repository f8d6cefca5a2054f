package io.statuspage.deploy;

import io.statuspage.notifier.Tokens;
import io.statuspage.runtime.LogRecords;
import io.vertx.core.json.JsonObject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public subscription pages through the real gateway and notifier on embedded PostgreSQL, as a browser and a
 * mail provider use them: the Subscribe form, the confirm, manage and unsubscribe links (one-click included), the
 * same-origin rule and the rate limit. Tokens are made with the notifier's configured key, as its mails make them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SubscribePagesHttpTest {

  private static final String TOKEN_KEY = "subscribe-pages-test-token-key-0123456789";
  private static final String FORM = "application/x-www-form-urlencoded";
  /** What a browser sends with a form of the page itself. */
  private static final String[] SAME_ORIGIN = {"Content-Type", FORM, "Sec-Fetch-Site", "same-origin",
    "Accept", "text/html"};
  private static final int RATE_LIMIT = 25;

  private static Suite suite;
  private static Tokens tokens;
  private static String api;
  private static String database;
  private static LogRecords logs;

  @BeforeAll
  static void start() throws IOException {
    logs = LogRecords.of("", Level.INFO);
    suite = Suite.start("subscribe-pages-test-key", Map.of("notifier.token.key", TOKEN_KEY,
      "subscribe.rate.limit", String.valueOf(RATE_LIMIT)));
    tokens = Tokens.create(TOKEN_KEY.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
    api = component("API");
    database = component("Database");
  }

  @AfterAll
  static void stop() {
    if (suite != null) {
      suite.close();
    }
    if (logs != null) {
      logs.close();
    }
  }

  @Test
  @Order(1)
  void theStatusPageLinksToTheSubscribeFormWhichListsTheComponents() {
    Document status = Jsoup.parse(suite.http.get("/").body());
    assertEquals("/subscribe", status.selectFirst("main a.govuk-button").attr("href"));
    HttpResponse<String> form = suite.http.await("/subscribe", java.time.Duration.ofSeconds(20),
      r -> r.body().contains("Database"));
    assertEquals(200, form.statusCode());
    Document page = Jsoup.parse(form.body());
    assertEquals(List.of(api, database), page.select("main form").get(0).select("input[name=component_ids]")
      .eachAttr("value"));
  }

  @Test
  @Order(2)
  void anEmailSubscriptionByFormIsUnconfirmedWithItsConfirmationQueued() {
    HttpResponse<String> done = post("/subscribe", form("form", "email", "email", "reader@example.com",
      "scope", "some", "component_ids", api));
    assertEquals(200, done.statusCode(), done.body());
    assertEquals("no-store", done.headers().firstValue("Cache-Control").orElse(null));
    // No token in its address: the page names this site as its forms' origin, and no referrer goes to another site.
    assertEquals("same-origin", done.headers().firstValue("Referrer-Policy").orElse(null));
    assertEquals("same-origin", suite.http.get("/subscribe").headers().firstValue("Referrer-Policy").orElse(null));
    assertEquals("Check your email", h1(done));
    JsonObject subscriber = subscriber("reader@example.com");
    assertEquals("unconfirmed", subscriber.getString("state"));
    assertEquals(List.of(api), subscriber.getJsonArray("components").getList());
    assertEquals(1L, suite.queryOne("SELECT count(*) FROM notifier.confirmation_request WHERE subscriber_id = $1",
      subscriber.getString("id")));

    // Again: the same page, whether or not it was subscribed, and nothing new.
    HttpResponse<String> again = post("/subscribe", form("form", "email", "email", "Reader@Example.com"));
    assertEquals(200, again.statusCode());
    assertEquals("Check your email", h1(again));
    assertEquals(1L, suite.queryOne("SELECT count(*) FROM notifier.subscriber WHERE address = 'reader@example.com'"));
    assertEquals(1L, suite.queryOne("SELECT count(*) FROM notifier.confirmation_request WHERE subscriber_id = $1",
      subscriber.getString("id")));
  }

  @Test
  @Order(3)
  void badInputIsNamedOnTheFormWithTheInputKeptAndNothingWritten() {
    String hostile = "\"><script>alert(1)</script>";
    HttpResponse<String> refused = post("/subscribe", form("form", "email", "email", hostile));
    assertEquals(422, refused.statusCode(), refused.body());
    assertFalse(refused.body().contains("<script>alert"), "escaped");
    Document page = Jsoup.parse(refused.body());
    assertEquals(List.of("#email"), page.select(".govuk-error-summary a").eachAttr("href"));
    assertEquals(hostile, page.selectFirst("input#email").val());
    assertTrue(page.title().startsWith("Error: "));

    HttpResponse<String> blank = post("/subscribe", form("form", "email", "email", " "));
    assertEquals(400, blank.statusCode());
    assertEquals("Enter your email address", Jsoup.parse(blank.body()).selectFirst(".govuk-error-summary a").text());

    HttpResponse<String> unknown = post("/subscribe", form("form", "email", "email", "x@example.com", "scope", "some",
      "component_ids", "nope"));
    assertEquals(422, unknown.statusCode(), unknown.body());
    assertEquals(List.of("#email-scope"), Jsoup.parse(unknown.body()).select(".govuk-error-summary a")
      .eachAttr("href"));
    HttpResponse<String> none = post("/subscribe", form("form", "email", "email", "x@example.com", "scope", "some"));
    assertEquals(400, none.statusCode());

    HttpResponse<String> internal = post("/subscribe", form("form", "webhook", "endpoint", "https://localhost/hook",
      "email", "ops@example.com"));
    assertEquals(422, internal.statusCode(), internal.body());
    Document hookPage = Jsoup.parse(internal.body());
    assertEquals(List.of("#endpoint"), hookPage.select(".govuk-error-summary a").eachAttr("href"));
    assertEquals("https://localhost/hook", hookPage.selectFirst("input#endpoint").val());
    assertEquals("ops@example.com", hookPage.selectFirst("input#contact").val());
    assertEquals(0L, suite.queryOne("SELECT count(*) FROM notifier.subscriber WHERE address <> 'reader@example.com'"));

    HttpResponse<String> json = suite.http.send("POST", "/subscribe", "{\"email\":\"x@example.com\"}",
      "Sec-Fetch-Site", "same-origin", "Accept", "text/html");
    assertEquals(415, json.statusCode());
  }

  @Test
  @Order(4)
  void aWebhookByFormShowsItsSecretOnce() {
    HttpResponse<String> done = post("/subscribe", form("form", "webhook", "endpoint", "https://93.184.216.34/hook",
      "email", "dev@example.com", "format", "slack"));
    assertEquals(200, done.statusCode(), done.body());
    Document page = Jsoup.parse(done.body());
    String secret = page.selectFirst("#webhook-secret").text();
    assertTrue(secret.startsWith("whsec_"), secret);
    assertEquals(secret, suite.queryOne("SELECT secret FROM notifier.subscriber WHERE mode = 'webhook'"));
    assertEquals("slack", suite.queryOne("SELECT format FROM notifier.subscriber WHERE mode = 'webhook'"));
    HttpResponse<String> again = post("/subscribe", form("form", "webhook", "endpoint", "https://93.184.216.34/hook",
      "email", "dev@example.com"));
    assertEquals(200, again.statusCode());
    assertNull(Jsoup.parse(again.body()).selectFirst("#webhook-secret"));
    assertFalse(again.body().contains(secret));
  }

  @Test
  @Order(5)
  void aConfirmationLinkConfirmsOnlyWhenItsButtonIsPressed() {
    String id = subscriber("reader@example.com").getString("id");
    String token = tokens.confirm(id);

    HttpResponse<String> landing = suite.http.get("/subscribe/confirm?token=" + token);
    assertEquals(200, landing.statusCode());
    assertPrivate(landing);
    assertEquals(token, Jsoup.parse(landing.body()).selectFirst("main form input[name=token]").val());
    assertEquals("unconfirmed", subscriber("reader@example.com").getString("state"), "a GET changes nothing");

    HttpResponse<String> confirmed = post("/subscribe/confirm", form("token", token));
    assertEquals(200, confirmed.statusCode(), confirmed.body());
    assertEquals("Subscription confirmed", h1(confirmed));
    assertEquals("active", subscriber("reader@example.com").getString("state"));
    assertEquals(200, post("/subscribe/confirm", form("token", token)).statusCode(), "idempotent");

    HttpResponse<String> forged = post("/subscribe/confirm", form("token", token.substring(0, token.length() - 4)
      + "AAAA"));
    assertEquals(422, forged.statusCode(), forged.body());
    assertEquals("This link does not work", h1(forged), forged.body());
    HttpResponse<String> wrongKey = suite.http.get("/subscribe/manage?token="
      + Tokens.create(new byte[32], Clock.systemUTC()).manage(id), "Accept", "text/html");
    assertEquals(422, wrongKey.statusCode());
    assertEquals("This link does not work", h1(wrongKey));
    assertEquals(400, suite.http.get("/subscribe/confirm").statusCode());
  }

  @Test
  @Order(6)
  void theManagePageChangesComponents() {
    String id = subscriber("reader@example.com").getString("id");
    String token = tokens.manage(id);
    HttpResponse<String> page = suite.http.get("/subscribe/manage?token=" + token);
    assertEquals(200, page.statusCode(), page.body());
    assertPrivate(page);
    assertTrue(Jsoup.parse(page.body()).selectFirst("main dl").text().contains("reader@example.com"));

    HttpResponse<String> saved = post("/subscribe/manage", form("token", token, "scope", "some",
      "component_ids", database, "component_ids", api));
    assertEquals(200, saved.statusCode(), saved.body());
    assertNotNull(Jsoup.parse(saved.body()).selectFirst(".govuk-notification-banner--success"));
    assertEquals(List.of(database, api), subscriber("reader@example.com").getJsonArray("components").getList());

    HttpResponse<String> nothing = post("/subscribe/manage", form("token", token, "scope", "some"));
    assertEquals(400, nothing.statusCode());
    assertEquals(List.of("#manage-scope"), Jsoup.parse(nothing.body()).select(".govuk-error-summary a")
      .eachAttr("href"));
    // An older browser without Fetch Metadata sends "Origin: null" from a page that sends no referrer: it works.
    HttpResponse<String> old = suite.http.send("POST", "/subscribe/manage", form("token", token, "scope", "all"),
      "Content-Type", FORM, "Origin", "null", "Accept", "text/html");
    assertEquals(200, old.statusCode(), old.body());
    assertEquals(List.of(), subscriber("reader@example.com").getJsonArray("components").getList());
  }

  @Test
  @Order(7)
  void oneClickUnsubscribeWorksFromAMailProviderAndTwice() {
    String id = subscriber("reader@example.com").getString("id");
    String token = tokens.unsubscribe(id);
    HttpResponse<String> landing = suite.http.get("/subscribe/unsubscribe?token=" + token);
    assertEquals(200, landing.statusCode());
    assertEquals("active", subscriber("reader@example.com").getString("state"));

    // RFC 8058: a POST to the link itself, from the provider's servers: no cookies, no origin of ours.
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> gone = suite.http.send("POST", "/subscribe/unsubscribe?token=" + token,
        "List-Unsubscribe=One-Click", "Content-Type", FORM, "Sec-Fetch-Site", "cross-site");
      assertEquals(200, gone.statusCode(), gone.body());
      assertEquals("unsubscribed", subscriber("reader@example.com").getString("state"));
    }
    HttpResponse<String> manage = suite.http.get("/subscribe/manage?token=" + tokens.manage(id));
    assertEquals(200, manage.statusCode());
    assertEquals("You have unsubscribed", h1(manage));
  }

  @Test
  @Order(8)
  void aFormPostedFromAnotherSiteIsRefused() {
    String body = form("form", "email", "email", "victim@example.com");
    for (String[] headers : List.of(
      new String[] {"Content-Type", FORM, "Sec-Fetch-Site", "cross-site"},
      new String[] {"Content-Type", FORM, "Sec-Fetch-Site", "same-site"},
      new String[] {"Content-Type", FORM, "Origin", "https://evil.example"},
      new String[] {"Content-Type", FORM, "Origin", "null"},
      new String[] {"Content-Type", FORM, "Referer", "https://evil.example/page"})) {
      HttpResponse<String> refused = suite.http.send("POST", "/subscribe", body, headers);
      assertEquals(403, refused.statusCode(), String.join(" ", headers));
    }
    assertEquals(0L, suite.queryOne("SELECT count(*) FROM notifier.subscriber WHERE address = 'victim@example.com'"));
    // A link's form is authorised by its token, wherever it is sent from: without one, nothing happens.
    HttpResponse<String> confirm = suite.http.send("POST", "/subscribe/confirm", form("token", "x.y"),
      "Content-Type", FORM, "Origin", "https://evil.example", "Accept", "text/html");
    assertEquals(422, confirm.statusCode());
    assertEquals("This link does not work", h1(confirm));

    // The page's own origin passes, by the host it was reached at or by the configured page URL.
    for (String origin : List.of("http://127.0.0.1:" + port(), "https://status.acme.test")) {
      HttpResponse<String> ok = suite.http.send("POST", "/subscribe",
        form("form", "email", "email", "friend@example.com"), "Content-Type", FORM, "Origin", origin);
      assertEquals(200, ok.statusCode(), origin + " " + ok.body());
    }
    HttpResponse<String> put = suite.http.send("PUT", "/subscribe/confirm", "", "Content-Type", FORM);
    assertEquals(405, put.statusCode());
    assertEquals("GET, HEAD, POST", put.headers().firstValue("Allow").orElse(null));
  }

  @Test
  @Order(9)
  void tokensAreNeverLogged() {
    String id = subscriber("reader@example.com").getString("id");
    for (String token : List.of(tokens.confirm(id), tokens.manage(id), tokens.unsubscribe(id))) {
      for (String line : logs.lines()) {
        assertFalse(line.contains(token), line);
      }
    }
  }

  @Test
  @Order(11)
  void aPersonSubscribesInARealBrowserWithJavaScriptOff() throws Exception {
    assertTrue(Browser.available(), "The browser test needs Debian's chromium at " + Browser.BINARY
      + " (apt-get install chromium; .ci/run does it)");
    try (Browser browser = Browser.start()) {
      browser.open("http://127.0.0.1:" + port() + "/subscribe");
      assertEquals("govuk-template__body", browser.evaluate("document.body.className"),
        "the page's own script did not run");
      // Typed and clicked as a person would; the form is submitted by the browser itself, no script involved.
      browser.submit("document.getElementById('email').value = 'browser@example.com';"
        + "document.getElementById('email-scope-some').checked = true;"
        + "document.getElementById('email-component-2').checked = true;"
        + "document.querySelector('form[aria-labelledby=by-email] button[type=submit]').click()");
      Document done = Jsoup.parse(browser.html());
      assertEquals("Check your email", done.selectFirst("h1").text(), done.outerHtml());
      assertEquals("browser@example.com", done.selectFirst(".sp-address").text());
    }
    JsonObject subscriber = subscriber("browser@example.com");
    assertEquals("unconfirmed", subscriber.getString("state"));
    assertEquals(List.of(database), subscriber.getJsonArray("components").getList());
  }

  @Test
  @Order(20)
  void subscriptionPostsAreRateLimitedPerClient() {
    HttpResponse<String> last = null;
    for (int i = 0; i <= RATE_LIMIT && (last == null || last.statusCode() != 429); i++) {
      last = post("/subscribe", form("form", "email", "email", "many" + i + "@example.com"));
    }
    assertEquals(429, last.statusCode(), "no 429 within " + RATE_LIMIT + " posts");
    assertTrue(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow()) > 0);
    assertEquals("no-store", last.headers().firstValue("Cache-Control").orElse(null));
    // Reading the form is not limited.
    assertEquals(200, suite.http.get("/subscribe").statusCode());
  }

  // Helpers

  private static HttpResponse<String> post(String path, String body) {
    return suite.http.send("POST", path, body, SAME_ORIGIN);
  }

  private static String form(String... pairs) {
    return Suite.form(pairs);
  }

  private static String h1(HttpResponse<String> response) {
    return Jsoup.parse(response.body()).selectFirst("h1").text();
  }

  /** Never cached, never sends its address (with its token) on, not even to this site. */
  private static void assertPrivate(HttpResponse<String> response) {
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
    assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElse(null));
    assertTrue(response.headers().firstValue("Content-Security-Policy").orElse("").contains("form-action 'self'"));
  }

  private static JsonObject subscriber(String q) {
    HttpResponse<String> found = suite.send("GET", "/subscribers?state=all&q=" + q, null);
    assertEquals(200, found.statusCode(), found.body());
    return Http.array(found).getJsonObject(0);
  }

  private static String component(String name) {
    HttpResponse<String> created = suite.send("POST", "/components", "{\"component\":{\"name\":\"" + name + "\"}}");
    assertEquals(201, created.statusCode(), created.body());
    return Http.json(created).getString("id");
  }

  private static int port() {
    return suite.http.port();
  }
}
