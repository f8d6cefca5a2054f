package io.statuspage.gateway.page;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.statuspage.gateway.page.Pages.html;
import static io.statuspage.gateway.page.Pages.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownTest {

  private static Document blocks(String markdown) {
    return Pages.parse(html(Markdown.blocks(markdown)));
  }

  private static String inline(String markdown) {
    return html(Markdown.inline(markdown));
  }

  @Test
  void rawHtmlIsShownAsText() {
    String out = inline("See **runbook** <script>alert(1)</script> <b onclick=x>bold</b>");
    assertEquals("See <strong>runbook</strong> &lt;script&gt;alert(1)&lt;/script&gt; &lt;b onclick=x&gt;bold&lt;/b&gt;",
        out);
    Document page = blocks("<div>block html</div>\n\ntext <img src=x onerror=alert(1)>");
    assertTrue(page.select("div, img, script").isEmpty(), page.outerHtml());
    assertTrue(page.text().contains("<div>block html</div>"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"javascript:alert(1)", "JavaScript:alert(1)", "vbscript:x", "data:text/html,<b>x</b>",
"<java\tscript:alert(1)>", "//evil.test/x", "\\\\evil.test", "file:///etc/passwd",
      "javascript&#58;alert(1)"})
  void unsafeLinksBecomeTheirText(String target) {
    String out = inline("[click here](" + target + ") now");
    Document page = Pages.parse(out);
    assertTrue(page.select("a").isEmpty(), out);
    assertTrue(page.text().startsWith("click here"), out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://example.test/a?b=c", "http://example.test", "mailto:ops@example.test", "/status",
      "#authentication", "page.html", "?q=1"})
  void safeLinksStayLinksWithGovukClass(String target) {
    Element a = one(Pages.parse(inline("[go](" + target + ")")), "a");
    assertEquals(target, a.attr("href"));
    assertTrue(a.hasClass("govuk-link"));
    assertEquals("go", a.text());
  }

  @Test
  void imagesAreShownAsTheirText() {
    String out = inline("![a cat](https://example.test/cat.png) and ![x](javascript:alert(1))");
    assertFalse(out.contains("<img"), out);
    assertEquals("a cat and x", Pages.parse(out).text());
  }

  @Test
  void blocksCarryGovukClasses() {
    Document page = blocks("Para with `code`.\n\n* one\n* two\n\n1. first\n2. second\n\n> quoted\n\n### Small");
    assertEquals("Para with code.", one(page, "p.govuk-body").text());
    assertEquals("code", one(page, "p code.sp-code").text());
    assertEquals(2, page.select("ul.govuk-list.govuk-list--bullet > li").size());
    assertEquals(2, page.select("ol.govuk-list.govuk-list--number > li").size());
    assertEquals("quoted", one(page, "blockquote.govuk-inset-text").text());
    assertEquals("Small", one(page, "h3.govuk-heading-s").text());
  }

  @Test
  void inlineIsOneLineWithoutBlocks() {
    String out = inline("# not a heading\n- not a list\n\nsecond *paragraph*");
    assertEquals("# not a heading - not a list second <em>paragraph</em>", out);
  }

  @Test
  void blankGivesNothing() {
    assertEquals("", inline(null));
    assertEquals("", inline("  \n "));
    assertEquals("", html(Markdown.blocks(null)));
  }

  @Test
  void aPercentEncodedSchemeIsOnlyARelativePath() {
    // "%" cannot be part of a scheme, so browsers read this as a path on this site, never as javascript:
    assertEquals("java%0ascript:alert(1)", one(Pages.parse(inline("[x](java%0ascript:alert(1))")), "a").attr("href"));
  }

  @Test
  void safeUrlRule() {
    assertTrue(Markdown.isSafeUrl("HTTPS://x.test"));
    assertTrue(Markdown.isSafeUrl("relative/path"));
    assertFalse(Markdown.isSafeUrl(" javascript:alert(1)"));
    assertFalse(Markdown.isSafeUrl("jav\u0000ascript:alert(1)"));
    assertFalse(Markdown.isSafeUrl("/\\evil.test"));
  }
}
