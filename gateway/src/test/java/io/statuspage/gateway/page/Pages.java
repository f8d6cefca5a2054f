package io.statuspage.gateway.page;

import gg.jte.Content;
import gg.jte.output.StringOutput;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Reading rendered pages as a reader would: parsed HTML, visible text, labelled rows. */
final class Pages {

  private Pages() {
  }

  static Document parse(String html) {
    return Jsoup.parse(html);
  }

  static String html(Content content) {
    StringOutput out = new StringOutput();
    content.writeTo(out);
    return out.toString();
  }

  /** The one element matching {@code css}; fails when there is none. */
  static Element one(Element root, String css) {
    Element e = root.selectFirst(css);
    assertNotNull(e, "nothing matches " + css + " in\n" + root.outerHtml());
    return e;
  }

  /** A summary list as key text to value text, in order. */
  static Map<String, String> rows(Element summaryList) {
    Map<String, String> rows = new LinkedHashMap<>();
    for (Element row : summaryList.select(".govuk-summary-list__row")) {
      rows.put(one(row, "dt").text(), one(row, "dd").text());
    }
    return rows;
  }

  /** The value cell of the summary list row with this key. */
  static Element row(Element summaryList, String key) {
    for (Element row : summaryList.select(".govuk-summary-list__row")) {
      if (one(row, "dt").text().equals(key)) {
        return one(row, "dd");
      }
    }
    throw new AssertionError("no row " + key + " in " + summaryList.outerHtml());
  }
}
