package io.statuspage.gateway.page;

import gg.jte.Content;

import java.util.List;

/**
 * The HTML a feed reader shows for one incident or maintenance ({@code feed/entry.jte}): the window of a maintenance,
 * then each update's time, status and body (Markdown made safe). The feeds carry it as text, escaped once more by
 * their XML writer.
 *
 * @param window  "Nov 25, 22:00 GMT - Nov 26, 01:00 GMT" for a maintenance, else {@code null}
 * @param updates newest first
 */
public record FeedEntry(String window, List<Update> updates) {

  /** An update: when (or {@code null}), its status in words, its body. */
  public record Update(String time, String status, String markdown) {

    public Content body() {
      return Markdown.blocks(markdown);
    }
  }

  public FeedEntry {
    updates = List.copyOf(updates);
  }

  /** The entry as markup text. */
  public String html() {
    return Templates.render("feed/entry.jte", this).strip();
  }
}
