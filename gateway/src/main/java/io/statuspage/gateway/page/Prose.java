package io.statuspage.gateway.page;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately small reading of the contract's CommonMark-ish text: paragraphs, bullet and numbered lists,
 * {@code `code`}, {@code **strong**} and {@code *emphasis*}. Everything is escaped first; only these few tags are ever
 * produced, so raw HTML in the text always comes out as text.
 */
final class Prose {

  private static final Pattern BULLET = Pattern.compile("^\\s*[*+-]\\s+(.*)$");
  private static final Pattern NUMBERED = Pattern.compile("^\\s*\\d{1,3}[.)]\\s+(.*)$");
  private static final Pattern STRONG = Pattern.compile("\\*\\*(?=\\S)(.+?)(?<=\\S)\\*\\*");
  private static final Pattern EM = Pattern.compile("(?<![*\\w])\\*(?=[^\\s*])(.+?)(?<=[^\\s*])\\*(?![*\\w])");

  private Prose() {
  }

  /** Block text as {@code <p>}, {@code <ul>} and {@code <ol>} with GOV.UK classes. */
  static String blocks(String text) {
    if (text == null || text.isBlank()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    List<String> paragraph = new ArrayList<>();
    List<StringBuilder> items = new ArrayList<>();
    boolean ordered = false;
    for (String line : text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
      Matcher bullet = BULLET.matcher(line);
      Matcher numbered = NUMBERED.matcher(line);
      boolean isBullet = bullet.matches();
      boolean isNumbered = !isBullet && numbered.matches();
      if (line.isBlank()) {
        flushParagraph(out, paragraph);
        flushList(out, items, ordered);
      } else if (isBullet || isNumbered) {
        flushParagraph(out, paragraph);
        if (!items.isEmpty() && ordered != isNumbered) {
          flushList(out, items, ordered);
        }
        ordered = isNumbered;
        items.add(new StringBuilder((isBullet ? bullet : numbered).group(1).strip()));
      } else if (!items.isEmpty() && Character.isWhitespace(line.charAt(0))) {
        items.get(items.size() - 1).append(' ').append(line.strip());
      } else {
        flushList(out, items, ordered);
        paragraph.add(line.strip());
      }
    }
    flushParagraph(out, paragraph);
    flushList(out, items, ordered);
    return out.toString();
  }

  private static void flushParagraph(StringBuilder out, List<String> lines) {
    if (!lines.isEmpty()) {
      out.append("<p class=\"govuk-body\">").append(inline(String.join(" ", lines))).append("</p>\n");
      lines.clear();
    }
  }

  private static void flushList(StringBuilder out, List<StringBuilder> items, boolean ordered) {
    if (!items.isEmpty()) {
      out.append(ordered ? "<ol class=\"govuk-list govuk-list--number\">\n"
          : "<ul class=\"govuk-list govuk-list--bullet\">\n");
      for (StringBuilder item : items) {
        out.append("<li>").append(inline(item.toString())).append("</li>\n");
      }
      out.append(ordered ? "</ol>\n" : "</ul>\n");
      items.clear();
    }
  }

  /** One line of text: escaped, with {@code `code`}, {@code **strong**} and {@code *em*}. */
  static String inline(String text) {
    if (text == null) {
      return "";
    }
    String[] parts = text.split("`", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      boolean code = i % 2 == 1 && i < parts.length - 1;
      if (code) {
        out.append("<code class=\"sp-code\">").append(Html.esc(parts[i])).append("</code>");
      } else {
        if (i % 2 == 1) {
          out.append('`'); // an unpaired backtick stays as text
        }
        String escaped = Html.esc(parts[i]);
        escaped = STRONG.matcher(escaped).replaceAll("<strong>$1</strong>");
        escaped = EM.matcher(escaped).replaceAll("<em>$1</em>");
        out.append(escaped);
      }
    }
    return out.toString();
  }
}
