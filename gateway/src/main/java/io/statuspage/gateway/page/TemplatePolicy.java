package io.statuspage.gateway.page;

import gg.jte.html.OwaspHtmlPolicy;
import gg.jte.html.policy.PreventInlineEventHandlers;
import gg.jte.html.policy.PreventSingleQuotedAttributes;

/**
 * What the build checks in every template (the jte plugin's {@code htmlPolicyClass}): jte's OWASP rules (no output in
 * tag or attribute names, quoted attributes only), and no inline event handlers, which the pages' CSP would block.
 */
public class TemplatePolicy extends OwaspHtmlPolicy {

  public TemplatePolicy() {
    addPolicy(new PreventInlineEventHandlers());
    addPolicy(new PreventSingleQuotedAttributes());
  }
}
