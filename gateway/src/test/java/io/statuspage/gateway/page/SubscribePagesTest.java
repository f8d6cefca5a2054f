package io.statuspage.gateway.page;

import io.statuspage.gateway.page.SubscribePages.Form;
import io.statuspage.gateway.page.SubscribePages.Site;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.statuspage.gateway.page.Pages.one;
import static io.statuspage.gateway.page.Pages.parse;
import static io.statuspage.gateway.page.Pages.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The subscription pages as a reader sees them: forms, choices by group, errors, hostile input escaped. */
class SubscribePagesTest {

  private static final String HOSTILE = "\"><script>alert(1)</script>";

  private static Site site() {
    return SubscribePages.site(Samples.full(), PageView.fresh(Instant.parse("2026-11-18T14:00:00Z")));
  }

  @Test
  void theBlankFormOffersEmailAndWebhookWithAllComponentsChosen() {
    Document page = parse(PublicPage.subscribe(Samples.full(), null));
    assertEquals("Subscribe to updates - Acme Cloud status", page.title());
    assertEquals("/subscribe", one(page, "nav a[aria-current=page]").attr("href"));
    assertTrue(page.select(".govuk-error-summary").isEmpty());
    List<Element> forms = page.select("main form");
    assertEquals(2, forms.size());
    for (Element form : forms) {
      assertEquals("post", form.attr("method"));
      assertEquals("/subscribe", form.attr("action"));
    }
    Element email = forms.get(0);
    assertEquals("email", one(email, "input[name=form]").val());
    assertEquals("email", one(email, "input#email").attr("type"));
    assertEquals("email", one(email, "input#email").attr("autocomplete"));
    assertEquals("Email address", one(email, "label[for=email]").text());
    assertTrue(one(email, "input#email-scope[value=all]").hasAttr("checked"), "all components by default");
    assertFalse(one(email, "input#email-scope-some").hasAttr("checked"));
    // Grouped as on the page: those in no group, then the group's members under its name; hidden ones too.
    assertEquals(List.of("Other components", "Platform"), email.select(".sp-choice > legend").eachText());
    assertEquals(List.of("Database", "CDN", "Email sending", "Legacy SMS gateway", "API", "Web application"),
        email.select(".govuk-checkboxes__label").eachText());
    assertEquals(List.of("cmp000000003", "cmp000000004", "cmp000000005", "cmp000000006", "cmp000000001",
        "cmp000000002"), email.select("input[name=component_ids]").eachAttr("value"));
    assertTrue(email.select("input[name=component_ids][checked]").isEmpty());

    Element webhook = forms.get(1);
    assertEquals("webhook", one(webhook, "input[name=form]").val());
    assertEquals("endpoint", one(webhook, "input#endpoint").attr("name"));
    assertEquals("email", one(webhook, "input#contact").attr("name"));
    assertTrue(one(webhook, "input#format[value=statuspage]").hasAttr("checked"));
    assertEquals(6, webhook.select("input[name=component_ids]").size());
    // Every id on the page is unique, so every label names its own field.
    List<String> ids = page.select("[id]").eachAttr("id");
    assertEquals(ids.size(), Set.copyOf(ids).size(), ids.toString());
    for (Element label : page.select("label[for]")) {
      assertEquals(1, page.select("#" + label.attr("for")).size(), label.outerHtml());
    }
  }

  @Test
  void aRefusedFieldIsNamedInTheSummaryAndInlineWithTheInputKeptAndEscaped() {
    Map<String, String> errors = new LinkedHashMap<>();
    errors.put("email", "Enter an email address in the correct format, like name@example.com");
    errors.put("email-scope", "No component <i>" + HOSTILE);
    Form sent = new Form(HOSTILE + "@example.com", null, null, true, Set.of("cmp000000004", "\"><b>x"), errors);
    String html = SubscribePages.subscribe(site(), sent, null);
    assertFalse(html.contains("<script>alert"), "hostile input is escaped");
    assertFalse(html.contains("<i>"));
    Document page = parse(html);
    assertEquals("Error: Subscribe to updates - Acme Cloud status", page.title());
    Element summary = one(page, "main .govuk-error-summary");
    assertEquals(summary, one(page, "main .govuk-grid-column-two-thirds-from-desktop").child(0),
        "the summary comes first");
    assertEquals(List.of("#email", "#email-scope"), summary.select("a").eachAttr("href"));
    assertEquals("Enter an email address in the correct format, like name@example.com",
        summary.select("a").get(0).text());
    assertEquals("No component <i>" + HOSTILE, summary.select("a").get(1).text());

    Element field = one(page, "input#email");
    assertEquals(HOSTILE + "@example.com", field.val(), "what was typed is shown again");
    assertTrue(field.hasClass("govuk-input--error"));
    assertEquals("email-hint email-error", field.attr("aria-describedby"));
    assertEquals("Error: Enter an email address in the correct format, like name@example.com",
        one(page, "#email-error").text());
    assertTrue(one(page, "input#email-scope-some").hasAttr("checked"));
    assertFalse(one(page, "#email-scope-conditional").hasClass("govuk-radios__conditional--hidden"));
    assertEquals(List.of("cmp000000004"), page.select("main form").get(0).select("input[name=component_ids][checked]").eachAttr("value"));
    assertEquals(1, page.select("main form").get(0).select("input[name=component_ids][checked]").size(),
        "an id the page does not have is not ticked anywhere");
    // The other form is untouched.
    assertEquals("", one(page, "input#contact").val());
    assertTrue(page.select("#endpoint-error, #contact-error").isEmpty());
    assertTrue(page.select("main form").get(1).select("input[name=component_ids][checked]").isEmpty());
  }

  @Test
  void aWebhookSecretIsShownWithHowToVerifyIt() {
    Document page = parse(SubscribePages.webhookRegistered(site(), "https://hooks.example.com/<x>", "whsec_abc+/="));
    assertEquals("Webhook registered", one(page, "h1").text());
    assertEquals("whsec_abc+/=", one(page, "#webhook-secret").text());
    assertTrue(one(page, "main").text().contains("https://hooks.example.com/<x>"));
    assertTrue(one(page, "main").text().contains("webhook-signature"));
    Document again = parse(SubscribePages.webhookRegistered(site(), "https://hooks.example.com/x", null));
    assertTrue(again.select("#webhook-secret").isEmpty());
    assertTrue(one(again, "main").text().contains("not shown again"));
  }

  @Test
  void checkYourInboxNeverSaysWhetherTheAddressWasSubscribed() {
    Document page = parse(SubscribePages.checkInbox(site(), "<b>ops</b>@example.com"));
    assertEquals("Check your email", one(page, "h1").text());
    assertEquals("<b>ops</b>@example.com", one(page, ".sp-address").text());
    assertTrue(one(page, "main").text().contains("If <b>ops</b>@example.com is not subscribed yet"));
  }

  @Test
  void aLinkOpensAPageWithAButtonThatPostsTheToken() {
    for (String html : List.of(SubscribePages.confirm(site(), "t0k\"en"), SubscribePages.unsubscribe(site(), "t0k\"en"))) {
      Document page = parse(html);
      Element form = one(page, "main form");
      assertEquals("post", form.attr("method"));
      assertFalse(form.attr("action").contains("t0k"), "the token is not in the address the form posts to");
      assertEquals("t0k\"en", one(form, "input[type=hidden][name=token]").val());
      assertEquals(1, form.select("button[type=submit]").size());
    }
    assertEquals("/subscribe/confirm", one(parse(SubscribePages.confirm(site(), "t")), "main form").attr("action"));
    assertEquals("Confirm subscription", one(parse(SubscribePages.confirm(site(), "t")), "main button").text());
    assertEquals("/subscribe/unsubscribe", one(parse(SubscribePages.unsubscribe(site(), "t")), "main form")
        .attr("action"));
  }

  @Test
  void theManagePageShowsTheSubscriptionAndFormsToChangeItOrUnsubscribe() {
    JsonObject subscriber = new JsonObject().put("mode", "email").put("email", "<i>ops</i>@example.com")
        .put("components", new JsonArray().add("cmp000000001").add("gone")).put("state", "active");
    Document page = parse(SubscribePages.manage(site(), "tok", subscriber, null, false));
    assertEquals("Manage your subscription", one(page, "h1").text());
    Map<String, String> rows = rows(one(page, "main dl.govuk-summary-list"));
    assertEquals("<i>ops</i>@example.com", rows.get("Email address"));
    assertEquals("API gone", rows.get("Components"), "names of the page's components, ids of others");
    List<Element> forms = page.select("main form");
    assertEquals(List.of("/subscribe/manage", "/subscribe/unsubscribe"), forms.stream().map(f -> f.attr("action"))
        .toList());
    forms.forEach(f -> assertEquals("tok", one(f, "input[name=token]").val()));
    assertTrue(one(page, "input#manage-scope-some").hasAttr("checked"));
    assertEquals(List.of("cmp000000001"), page.select("input[name=component_ids][checked]").eachAttr("value"));
    assertTrue(page.select(".govuk-notification-banner").isEmpty());

    JsonObject all = subscriber.copy().put("components", new JsonArray());
    Document saved = parse(SubscribePages.manage(site(), "tok", all, null, true));
    assertEquals("All components", rows(one(saved, "main dl")).get("Components"));
    assertTrue(one(saved, "input#manage-scope").hasAttr("checked"));
    assertEquals("Your choice of components is saved", one(saved, ".govuk-notification-banner--success h3").text());

    Document refused = parse(SubscribePages.manage(site(), "tok", subscriber,
        new Form(null, null, null, true, Set.of(), Map.of("manage-scope", "Choose at least one component")), false));
    assertEquals(List.of("#manage-scope"), one(refused, ".govuk-error-summary").select("a").eachAttr("href"));
    assertTrue(refused.select("input[name=component_ids][checked]").isEmpty(), "the choice as sent");

    JsonObject hook = new JsonObject().put("mode", "webhook").put("email", "ops@example.com")
        .put("endpoint", "https://hooks.example.com/x").put("components", new JsonArray());
    assertEquals("https://hooks.example.com/x", rows(one(parse(SubscribePages.manage(site(), "tok", hook, null,
        false)), "main dl")).get("Webhook URL"));
  }

  @Test
  void aPageWithoutComponentsHasNothingToChoose() {
    Site empty = SubscribePages.site(Samples.summary(), null);
    Document page = parse(SubscribePages.subscribe(empty, null, null));
    assertTrue(page.select("input[name=component_ids]").isEmpty());
    assertEquals(List.of("all", "all"), page.select("input[type=hidden][name=scope]").eachAttr("value"));
  }
}
