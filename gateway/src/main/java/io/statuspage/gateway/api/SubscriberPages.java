package io.statuspage.gateway.api;

import io.statuspage.bus.ServiceError;
import io.statuspage.bus.Services.Notifier;
import io.statuspage.gateway.page.PageView;
import io.statuspage.gateway.page.PublicPage;
import io.statuspage.gateway.page.SubscribePages;
import io.statuspage.gateway.page.SubscribePages.Form;
import io.statuspage.gateway.page.SubscribePages.Site;
import io.statuspage.gateway.snapshot.Snapshot;
import io.statuspage.gateway.snapshot.SnapshotBuilder;
import io.statuspage.gateway.snapshot.SnapshotKeeper;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The public subscription pages over HTTP: the Subscribe form's POST, and the pages the links in messages open
 * ({@code /subscribe/confirm}, {@code /subscribe/manage}, {@code /subscribe/unsubscribe}, each {@code ?token=}).
 * Handlers only translate: a form becomes a notifier action ({@link Notifier}), its answer a page
 * ({@link SubscribePages}).
 *
 * <p>What protects them: a GET never changes anything (link scanners fetch links); each POST but unsubscribe's must
 * come from this site ({@link SameOrigin}); subscription POSTs are rate limited per client ({@link ClientRateLimit});
 * bodies are read up to the gateway's limit. Answers are never cached ({@code no-store}), never send a referrer on,
 * and a token is never logged ({@link Redaction} masks it in a logged target). Unsubscribe is exempt from the origin
 * check because RFC 8058's one-click unsubscribe is a POST from the mail provider's servers, carrying nothing but
 * {@code List-Unsubscribe=One-Click}; the token in its address is what authorises it, as on every link.
 */
public final class SubscriberPages {

  public static final String SUBSCRIBE = SnapshotBuilder.SUBSCRIBE;
  public static final String CONFIRM = "/subscribe/confirm";
  public static final String MANAGE = "/subscribe/manage";
  public static final String UNSUBSCRIBE = "/subscribe/unsubscribe";

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final int MAX_EMAIL = 254;
  private static final int MAX_ENDPOINT = 2048;
  private static final int MAX_COMPONENTS = 1000;

  private final SnapshotKeeper keeper;
  private final ServiceClient notifier;
  private final ClientRateLimit limit;
  private final ClientAddress clients;
  private final SameOrigin sameOrigin;
  private final PageView branding;
  private final String contentSecurityPolicy;
  private final int bodyLimit;

  private SubscriberPages(SnapshotKeeper keeper, ServiceClient notifier, ClientRateLimit limit, ClientAddress clients,
                          String pageUrl, PageView branding, int bodyLimit) {
    this.keeper = keeper;
    this.notifier = notifier;
    this.limit = limit;
    this.clients = clients;
    this.sameOrigin = new SameOrigin(pageUrl);
    this.branding = branding == null ? PageView.defaults() : branding;
    this.contentSecurityPolicy = PublicPage.contentSecurityPolicy(this.branding);
    this.bodyLimit = bodyLimit;
  }

  /**
   * @param notifier  the notifier's client
   * @param limit     subscription POSTs per client
   * @param clients   who the client is, behind the trusted proxies
   * @param pageUrl   the page's public URL ({@code page.url}), accepted as the origin of a form besides the host
   * @param branding  the deployment's look
   * @param bodyLimit the largest body read, in bytes
   */
  public static SubscriberPages create(SnapshotKeeper keeper, ServiceClient notifier, ClientRateLimit limit,
                                       ClientAddress clients, String pageUrl, PageView branding, int bodyLimit) {
    return new SubscriberPages(keeper, notifier, limit, clients, pageUrl, branding, bodyLimit);
  }

  /** The routes: POST of the Subscribe form (its GET is the snapshot's), and GET and POST of each link's page. */
  public void mount(Router router) {
    // The Subscribe form carries nothing that authorises it, so only this site's own pages may send it. The forms of
    // the links carry their token, which is the authority: no origin rule, and their pages send no referrer at all
    // (their address holds the token), so older browsers send "Origin: null" from them.
    post(router, SUBSCRIBE, false, this::subscribe);
    methods(router, SUBSCRIBE, List.of("GET", "HEAD", "POST"));
    page(router, CONFIRM, this::confirmPage, this::confirm);
    page(router, MANAGE, this::managePage, this::manage);
    page(router, UNSUBSCRIBE, this::unsubscribePage, this::unsubscribe);
  }

  private void page(Router router, String path, Handler<RoutingContext> get, Handler<RoutingContext> post) {
    router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(rc -> {
      linkPageHeaders(rc.response());
      get.handle(rc);
    }).failureHandler(this::failed);
    post(router, path, true, post);
    methods(router, path, List.of("GET", "HEAD", "POST"));
  }

  /** {@code linkPage}: a link's page, authorised by its token; otherwise the Subscribe form, this site's own. */
  private void post(Router router, String path, boolean linkPage, Handler<RoutingContext> handler) {
    router.route(path).method(HttpMethod.POST).handler(rc -> {
      if (linkPage) {
        linkPageHeaders(rc.response());
      } else {
        rc.response().putHeader("Cache-Control", "no-store");
      }
      if (!linkPage && !sameOrigin.allows(rc.request())) {
        error(rc, 403, "This form was sent from another site", "For your safety, forms on this page are only "
          + "accepted from the page itself. Go to the page and send the form from there.", "Origin");
        return;
      }
      rc.next();
    }).handler(new BodyReader(bodyLimit)).handler(handler).failureHandler(this::failed);
  }

  /** Never cached, and no referrer at all: the page's address holds its token. */
  private static void linkPageHeaders(HttpServerResponse response) {
    response.putHeader("Cache-Control", "no-store")
      .putHeader(SecurityHeaders.REFERRER_POLICY_NAME, SecurityHeaders.NO_REFERRER);
  }

  private static void methods(Router router, String path, List<String> allowed) {
    router.route(path).handler(rc -> Problems.methodNotAllowed(rc, allowed));
  }

  // The Subscribe form

  private void subscribe(RoutingContext rc) {
    SiteAt site = site(rc);
    if (site == null) {
      return;
    }
    Map<String, List<String>> form = form(rc);
    if (form == null) {
      return;
    }
    long wait = limit.acquire(clients.of(rc.request()));
    if (wait > 0) {
      rc.response().putHeader("Retry-After", String.valueOf(wait));
      error(rc, 429, "Too many subscriptions from your network", "Please wait a few minutes and try again.", null);
      return;
    }
    boolean webhook = "webhook".equals(first(form, "form"));
    Form sent = new Form(trimmed(first(form, "email")), webhook ? trimmed(first(form, "endpoint")) : null,
      webhook ? first(form, "format") : null, "some".equals(first(form, "scope")),
      new LinkedHashSet<>(form.getOrDefault("component_ids", List.of())), Map.of());
    String prefix = webhook ? "webhook" : "email";
    Map<String, String> errors = new LinkedHashMap<>();
    if (webhook) {
      require(errors, "endpoint", sent.endpoint(), MAX_ENDPOINT, "Enter the webhook URL",
        "The webhook URL must be " + MAX_ENDPOINT + " characters or fewer");
      require(errors, "contact", sent.email(), MAX_EMAIL, "Enter a contact email address",
        "The email address must be " + MAX_EMAIL + " characters or fewer");
      if (sent.format() != null && !List.of("statuspage", "slack", "teams").contains(sent.format())) {
        errors.put("format", "Choose a message format from the list");
      }
    } else {
      require(errors, "email", sent.email(), MAX_EMAIL, "Enter your email address",
        "The email address must be " + MAX_EMAIL + " characters or fewer");
    }
    List<String> components = components(sent, prefix, errors);
    if (!errors.isEmpty()) {
      rerender(rc, site, webhook, sent.withErrors(errors), 400);
      return;
    }
    JsonObject subscriber = new JsonObject().put("email", sent.email());
    if (webhook) {
      subscriber.put("endpoint", sent.endpoint()).put("format", sent.format() == null ? "statuspage" : sent.format());
    }
    if (!components.isEmpty()) {
      subscriber.put("component_ids", components);
    }
    notifier.<JsonObject>request(Notifier.CREATE, new JsonObject().put("page_id", site.pageId())
        .put("subscriber", subscriber), null)
      .onSuccess(created -> html(rc, 200, webhook
        ? SubscribePages.webhookRegistered(site.site(), created.getString("endpoint"), created.getString("secret"))
        : SubscribePages.checkInbox(site.site(), sent.email())))
      .onFailure(failure -> {
        ServiceError error = ServiceError.from(failure);
        String field = field(error.field(), webhook, prefix);
        if (error.status() >= 500 || field == null) {
          rc.fail(error);
        } else {
          rerender(rc, site, webhook, sent.withErrors(Map.of(field, message(field, error))), error.status());
        }
      });
  }

  private void rerender(RoutingContext rc, SiteAt site, boolean webhook, Form form, int status) {
    if (wantsHtml(rc)) {
      html(rc, status, SubscribePages.subscribe(site.site(), webhook ? null : form, webhook ? form : null));
    } else {
      refuse(rc, status, form);
    }
  }

  /** A script's refusal: problem JSON naming the first refused field by its name in the form. */
  private static void refuse(RoutingContext rc, int status, Form form) {
    Map.Entry<String, String> first = form.errors().entrySet().iterator().next();
    String field = switch (first.getKey()) {
      case "contact" -> "email";
      case "email", "endpoint", "format" -> first.getKey();
      default -> "component_ids";
    };
    Problems.send(rc.response(), new ServiceError(status, status == 400 ? "Bad Request" : "Unprocessable Content",
      first.getValue(), field));
  }

  /** The components chosen, or none for all; an error when "only those I choose" has none ticked. */
  private static List<String> components(Form form, String prefix, Map<String, String> errors) {
    if (!form.someComponents()) {
      return List.of();
    }
    if (form.chosen().isEmpty()) {
      errors.put(prefix + "-scope", "Choose at least one component, or choose all components");
    } else if (form.chosen().size() > MAX_COMPONENTS) {
      errors.put(prefix + "-scope", "Choose " + MAX_COMPONENTS + " components or fewer");
    }
    return List.copyOf(form.chosen());
  }

  private static void require(Map<String, String> errors, String field, String value, int max, String missing,
                              String tooLong) {
    if (value == null || value.isEmpty()) {
      errors.put(field, missing);
    } else if (value.length() > max) {
      errors.put(field, tooLong);
    }
  }

  /** The form field a refusal of the service is about, by the service's field name; null for none of them. */
  private static String field(String serviceField, boolean webhook, String prefix) {
    if (serviceField == null) {
      return null;
    }
    return switch (serviceField) {
      case "subscriber.email" -> webhook ? "contact" : "email";
      case "subscriber.endpoint" -> webhook ? "endpoint" : null;
      case "subscriber.format" -> webhook ? "format" : null;
      case "subscriber.component_ids", "component_ids" -> prefix + "-scope";
      default -> null;
    };
  }

  /** What a person reads about a refused field: in the page's words for the usual cases, else the service's. */
  private static String message(String field, ServiceError error) {
    return switch (field) {
      case "email", "contact" -> "Enter an email address in the correct format, like name@example.com";
      case "endpoint" -> "Enter a webhook URL that starts with https:// and reaches a public address: "
        + error.getMessage();
      default -> error.getMessage();
    };
  }

  // The links in messages

  private void confirmPage(RoutingContext rc) {
    withToken(rc, rc.request().getParam("token"), (site, token) ->
      html(rc, 200, SubscribePages.confirm(site.site(), token)));
  }

  private void confirm(RoutingContext rc) {
    withForm(rc, (site, token, form) -> notifier.<JsonObject>request(Notifier.CONFIRM,
        new JsonObject().put("token", token), null)
      .onSuccess(confirmed -> html(rc, 200, SubscribePages.confirmed(site.site())))
      .onFailure(rc::fail));
  }

  private void managePage(RoutingContext rc) {
    withToken(rc, rc.request().getParam("token"), (site, token) -> notifier.<JsonObject>request(Notifier.MANAGE_GET,
        new JsonObject().put("token", token), null)
      .onSuccess(subscriber -> html(rc, 200, "unsubscribed".equals(subscriber.getString("state"))
        ? SubscribePages.unsubscribed(site.site())
        : SubscribePages.manage(site.site(), token, subscriber, null, false)))
      .onFailure(rc::fail));
  }

  private void manage(RoutingContext rc) {
    withForm(rc, (site, token, form) -> {
      Form sent = new Form(null, null, null, "some".equals(first(form, "scope")),
        new LinkedHashSet<>(form.getOrDefault("component_ids", List.of())), Map.of());
      Map<String, String> errors = new LinkedHashMap<>();
      List<String> components = components(sent, "manage", errors);
      Future<JsonObject> saved = errors.isEmpty()
        ? notifier.request(Notifier.MANAGE_UPDATE, new JsonObject().put("token", token)
          .put("component_ids", new JsonArray(components)), null)
        : Future.failedFuture(ServiceError.badRequest("component_ids", errors.values().iterator().next()));
      saved
        .onSuccess(subscriber -> html(rc, 200, SubscribePages.manage(site.site(), token, subscriber, null, true)))
        .onFailure(failure -> {
          ServiceError error = ServiceError.from(failure);
          if (!"component_ids".equals(error.field())) {
            rc.fail(error);
            return;
          }
          // The page again, with the choice as sent and what was wrong with it.
          notifier.<JsonObject>request(Notifier.MANAGE_GET, new JsonObject().put("token", token), null)
            .onSuccess(subscriber -> html(rc, error.status(), SubscribePages.manage(site.site(), token, subscriber,
              sent.withErrors(Map.of("manage-scope", error.getMessage())), false)))
            .onFailure(rc::fail);
        });
    });
  }

  private void unsubscribePage(RoutingContext rc) {
    withToken(rc, rc.request().getParam("token"), (site, token) ->
      html(rc, 200, SubscribePages.unsubscribe(site.site(), token)));
  }

  /**
   * The button of the unsubscribe and manage pages, and RFC 8058 one-click: a POST to the link itself (the token in
   * its query) with {@code List-Unsubscribe=One-Click}, form-encoded or multipart, which is then not read at all.
   */
  private void unsubscribe(RoutingContext rc) {
    String queryToken = rc.request().getParam("token");
    Map<String, List<String>> form = queryToken == null ? form(rc) : Map.of();
    if (form == null) {
      return;
    }
    withToken(rc, queryToken != null ? queryToken : first(form, "token"), (site, token) ->
      notifier.<JsonObject>request(Notifier.UNSUBSCRIBE, new JsonObject().put("token", token), null)
        .onSuccess(gone -> html(rc, 200, SubscribePages.unsubscribed(site.site())))
        .onFailure(rc::fail));
  }

  private interface TokenHandler {
    void handle(SiteAt site, String token);
  }

  private interface FormHandler {
    void handle(SiteAt site, String token, Map<String, List<String>> form);
  }

  private void withToken(RoutingContext rc, String token, TokenHandler handler) {
    SiteAt site = site(rc);
    if (site == null) {
      return;
    }
    if (token == null || token.isBlank()) {
      error(rc, 400, "This link is incomplete", "Copy the whole link from the email into your browser's address bar.",
        "token");
      return;
    }
    handler.handle(site, token.trim());
  }

  /** A POST of a link's page: the token from the form, else from the address. */
  private void withForm(RoutingContext rc, FormHandler handler) {
    Map<String, List<String>> form = form(rc);
    if (form == null) {
      return;
    }
    String token = first(form, "token");
    withToken(rc, token != null ? token : rc.request().getParam("token"), (site, t) -> handler.handle(site, t, form));
  }

  // Plumbing

  /** The page's id, name and components, from the snapshot every page is served from. */
  private record SiteAt(String pageId, Site site) {
  }

  private SiteAt site(RoutingContext rc) {
    Snapshot snapshot = keeper.current();
    Snapshot.Resource summary = snapshot == null ? null : snapshot.get(SnapshotBuilder.SUMMARY);
    if (summary == null) {
      rc.response().putHeader("Retry-After", "5");
      error(rc, 503, "Sorry, the page is starting", "Try again in a few seconds.", null);
      return null;
    }
    JsonObject json = new JsonObject(summary.body());
    JsonObject page = json.getJsonObject("page", new JsonObject());
    return new SiteAt(page.getString("id"), SubscribePages.site(json,
      branding.withFreshness(snapshot.refreshedAt(), snapshot.stale())));
  }

  /**
   * The form body's fields, each with its values in order; null when the answer was sent (not a form: 415, or a
   * malformed one: 400).
   */
  private Map<String, List<String>> form(RoutingContext rc) {
    String type = rc.request().getHeader("Content-Type");
    Buffer body = BodyReader.body(rc);
    if (body == null || body.length() == 0) {
      return new LinkedHashMap<>();
    }
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals(FORM)) {
      error(rc, 415, "The form could not be read", "Send application/x-www-form-urlencoded, as the page's forms do.",
        "Content-Type");
      return null;
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body.getBytes())).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      error(rc, 400, "The form could not be read", "The form's text is not UTF-8. Send the form from the page.",
        "body");
      return null;
    }
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = RequestTarget.decodeForm(eq < 0 ? pair : pair.substring(0, eq));
      String value = RequestTarget.decodeForm(eq < 0 ? "" : pair.substring(eq + 1));
      if (name == null || value == null) {
        error(rc, 400, "The form could not be read", "The form has a malformed field. Send the form from the page.",
          "body");
        return null;
      }
      fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return fields;
  }

  private static String first(Map<String, List<String>> form, String name) {
    List<String> values = form.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String trimmed(String value) {
    return value == null ? null : value.strip();
  }

  /** A failure as a page: a link that does not work says so (4xx), a service away is a 503 that says try again. */
  private void failed(RoutingContext rc) {
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    ServiceError error = rc.failure() instanceof ServiceError e ? e : Problems.toError(rc);
    if (!wantsHtml(rc)) {
      Problems.send(rc.response(), error.status() >= 500 && error.status() != 503
        ? new ServiceError(500, "Internal Server Error", "Unexpected error", null) : error);
    } else if ("token".equals(error.field())) {
      error(rc, error.status(), "This link does not work", error.getMessage() + ". If you copied it from an email, "
        + "check that you copied all of it.", "token");
    } else if (error.status() == 503) {
      rc.response().putHeader("Retry-After", "5");
      error(rc, 503, "Sorry, there is a problem with the service", "Try again in a few minutes.", null);
    } else if (error.status() < 500) {
      error(rc, error.status(), error.title(), error.getMessage(), error.field());
    } else {
      error(rc, 500, "Sorry, there is a problem with the service", "Try again later.", null);
    }
  }

  /** An error: a page for a browser, problem JSON naming {@code field} for anything else (scripts, mail servers). */
  private void error(RoutingContext rc, int status, String title, String detail, String field) {
    if (wantsHtml(rc)) {
      html(rc, status, PublicPage.error(status, title, detail, branding));
    } else {
      Problems.send(rc.response(), new ServiceError(status, title, detail, field));
    }
  }

  /** A browser asks for HTML; a script or a mail server's one-click POST does not, and gets problem JSON. */
  private static boolean wantsHtml(RoutingContext rc) {
    String accept = rc.request().getHeader("Accept");
    return accept != null && accept.contains("text/html");
  }

  private void html(RoutingContext rc, int status, String page) {
    HttpServerResponse response = rc.response();
    SecurityHeaders.apply(response);
    SecurityHeaders.html(response, contentSecurityPolicy);
    response.setStatusCode(status)
      .putHeader("Content-Type", "text/html; charset=utf-8")
      .putHeader("Cache-Control", "no-store")
      .putHeader("X-Robots-Tag", "noindex");
    if (rc.request().method() == HttpMethod.HEAD) {
      response.putHeader("Content-Length", String.valueOf(page.getBytes(StandardCharsets.UTF_8).length)).end();
    } else {
      response.end(page);
    }
  }
}
