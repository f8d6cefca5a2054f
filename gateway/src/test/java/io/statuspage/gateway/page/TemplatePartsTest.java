package io.statuspage.gateway.page;

import io.statuspage.api.model.ComponentStatus;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.statuspage.gateway.page.Pages.one;
import static io.statuspage.gateway.page.Pages.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reusable parts on their own, as later pages (subscribe form, dashboard) will use them. */
class TemplatePartsTest {

  private static Document part(String name, Map<String, Object> params) {
    return parse(Templates.render("parts/" + name + ".jte", params));
  }

  @Test
  void formFieldWithHintAndErrorIsDescribedByBoth() {
    Map<String, Object> params = new HashMap<>(Map.of("id", "email", "name", "email", "label", "Email address",
        "hint", "We only use it for status updates", "error", "Enter an email address like name@example.com",
        "value", "not-an-email\"><script>", "type", "email", "autocomplete", "email"));
    Document form = part("formField", params);
    Element group = one(form, ".govuk-form-group");
    assertTrue(group.hasClass("govuk-form-group--error"));
    Element input = one(group, "input#email");
    assertEquals("Email address", one(group, "label[for=email]").text());
    assertEquals("We only use it for status updates", one(group, "#email-hint.govuk-hint").text());
    Element error = one(group, "#email-error.govuk-error-message");
    assertEquals("Error: Enter an email address like name@example.com", error.text());
    assertEquals("Error:", one(error, ".govuk-visually-hidden").text());
    assertEquals("email-hint email-error", input.attr("aria-describedby"));
    assertTrue(input.hasClass("govuk-input--error"));
    assertEquals("email", input.attr("type"));
    assertEquals("email", input.attr("autocomplete"));
    assertEquals("not-an-email\"><script>", input.attr("value"), "the value is escaped, not markup");
    assertTrue(form.select("script").isEmpty());
  }

  @Test
  void formFieldWithoutHintOrErrorHasNoDanglingReferences() {
    Document form = part("formField", Map.of("id", "url", "name", "url", "label", "Webhook URL"));
    Element input = one(form, "input#url");
    assertFalse(input.hasAttr("aria-describedby"));
    assertFalse(input.hasAttr("value"));
    assertFalse(input.hasAttr("autocomplete"));
    assertEquals("text", input.attr("type"));
    assertTrue(form.select(".govuk-error-message, .govuk-hint").isEmpty());
    assertFalse(one(form, ".govuk-form-group").hasClass("govuk-form-group--error"));
    Document hintOnly = part("formField", Map.of("id", "n", "name", "n", "label", "Name", "hint", "As people know it"));
    assertEquals("n-hint", one(hintOnly, "input").attr("aria-describedby"));
    Document errorOnly = part("formField", Map.of("id", "n", "name", "n", "label", "Name", "error", "Enter a name"));
    assertEquals("n-error", one(errorOnly, "input").attr("aria-describedby"));
  }

  @Test
  void notificationBannerIsANamedRegionOrAnAlert() {
    Map<String, Object> params = new HashMap<>();
    params.put("id", "banner-title");
    params.put("title", "Important");
    params.put("content", (gg.jte.Content) out -> out.writeUserContent("<b>Maintenance</b> tonight"));
    Element banner = one(part("notificationBanner", params), ".govuk-notification-banner");
    assertEquals("region", banner.attr("role"));
    assertEquals("banner-title", banner.attr("aria-labelledby"));
    assertEquals("Important", one(banner, "#banner-title").text());
    assertEquals("<b>Maintenance</b> tonight", one(banner, ".govuk-notification-banner__content").text());
    params.put("success", true);
    Element success = one(part("notificationBanner", params), ".govuk-notification-banner");
    assertEquals("alert", success.attr("role"));
    assertTrue(success.hasClass("govuk-notification-banner--success"));
  }

  @Test
  void summaryRowAndStatusTag() {
    Document row = part("summaryRow", Map.of("key", "Status <x>",
        "value", (gg.jte.Content) out -> out.writeUserContent("Operational & fine")));
    assertEquals("Status <x>", one(row, "dt.govuk-summary-list__key").text());
    assertEquals("Operational & fine", one(row, "dd.govuk-summary-list__value").text());
    for (ComponentStatus status : ComponentStatus.values()) {
      Element tag = one(part("statusTag", Map.of("status", status)), "strong.govuk-tag");
      assertEquals("status: " + StatusTags.words(status), tag.text());
      assertTrue(tag.hasClass(StatusTags.colour(status)));
    }
    Map<String, Object> unknown = new HashMap<>();
    unknown.put("status", null);
    assertEquals("status: Unknown", one(part("statusTag", unknown), ".govuk-tag--grey").text());
  }

  @Test
  void componentGroupNamesItsMembersList() {
    ComponentGroup group = new ComponentGroup("g1", "Backend", "Queues **and** workers", ComponentStatus.PARTIAL_OUTAGE,
        "sp-group-7", List.of(new ComponentRow("m1", "Queue", null, ComponentStatus.DEGRADED_PERFORMANCE)));
    Document doc = part("componentGroup", Map.of("group", group));
    assertEquals("sp-group-7", one(doc, "ul.sp-components--members").attr("aria-labelledby"));
    assertEquals("Backend", one(doc, "h3#sp-group-7").text());
    assertEquals("and", one(doc, ".sp-component__description strong").text());
    assertEquals("status: Degraded performance", one(doc, "li[data-component-id=m1] .govuk-tag").text());
  }
}
