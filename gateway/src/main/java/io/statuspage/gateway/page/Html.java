package io.statuspage.gateway.page;

import java.util.regex.Pattern;

/**
 * The one HTML-escaping helper. Every piece of data that reaches a page (names, descriptions, ids, URLs, times, contract
 * text) goes through {@link #esc(Object)}; the result is safe both as element text and inside a double- or single-quoted
 * attribute value.
 */
public final class Html {

  private static final Pattern BR = Pattern.compile("(?i)<br\\s*/?>");

  private Html() {
  }

  /** Escapes {@code & < > " '} (and drops NUL); {@code null} becomes the empty string. */
  public static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        case '\0' -> "\uFFFD";
        default -> null;
      };
      if (rep != null) {
        if (out == null) {
          out = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        out.append(rep);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  /**
   * Free text (an incident update body) as escaped paragraphs: {@code <br>} tags that Statuspage bodies carry become line
   * breaks, blank lines separate paragraphs, everything else is escaped through {@link #esc(Object)}.
   */
  static String paragraphs(String text, String paragraphClass) {
    if (text == null || text.isBlank()) {
      return "";
    }
    String normalised = BR.matcher(text.replace("\r\n", "\n").replace('\r', '\n')).replaceAll("\n");
    StringBuilder out = new StringBuilder();
    for (String para : normalised.strip().split("\n\\s*\n")) {
      if (para.isBlank()) {
        continue;
      }
      out.append("<p class=\"").append(paragraphClass).append("\">")
          .append(esc(para.strip()).replace("\n", "<br>"))
          .append("</p>");
    }
    return out.toString();
  }
}
