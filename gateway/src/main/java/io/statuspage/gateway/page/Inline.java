package io.statuspage.gateway.page;

import java.util.ArrayList;
import java.util.List;

/**
 * A short run of text with code and links, built from data and rendered by {@code docs/inline.jte}, which escapes
 * every piece: how the docs page says "array of Page" or "One of: a, b." without writing markup in Java.
 *
 * @param spans the pieces, in order
 */
public record Inline(List<Span> spans) {

  /** A piece of an {@link Inline}. */
  public sealed interface Span permits Text, Code, Link {
  }

  /** Plain text. */
  public record Text(String text) implements Span {
  }

  /** Code: a name, a value, a pattern. */
  public record Code(String text) implements Span {
  }

  /** A link within the page or to elsewhere. */
  public record Link(String text, String href) implements Span {
  }

  public Inline {
    spans = List.copyOf(spans);
  }

  static Inline empty() {
    return new Inline(List.of());
  }

  static Inline text(String text) {
    return new Inline(List.of(new Text(text)));
  }

  static Inline code(String text) {
    return new Inline(List.of(new Code(text)));
  }

  static Builder builder() {
    return new Builder();
  }

  public boolean isEmpty() {
    return spans.isEmpty();
  }

  /** This, then {@code more}. */
  Inline then(Inline more) {
    return builder().add(this).add(more).build();
  }

  /** {@code parts} with {@code separator} text between them. */
  static Inline join(String separator, List<Inline> parts) {
    Builder b = builder();
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        b.text(separator);
      }
      b.add(parts.get(i));
    }
    return b.build();
  }

  /** Collects spans, merging neighbouring text. */
  static final class Builder {

    private final List<Span> spans = new ArrayList<>();

    Builder text(String text) {
      if (text.isEmpty()) {
        return this;
      }
      if (!spans.isEmpty() && spans.get(spans.size() - 1) instanceof Text last) {
        spans.set(spans.size() - 1, new Text(last.text() + text));
      } else {
        spans.add(new Text(text));
      }
      return this;
    }

    Builder code(String text) {
      spans.add(new Code(text));
      return this;
    }

    Builder link(String text, String href) {
      spans.add(new Link(text, href));
      return this;
    }

    Builder add(Inline inline) {
      for (Span span : inline.spans()) {
        if (span instanceof Text t) {
          text(t.text());
        } else {
          spans.add(span);
        }
      }
      return this;
    }

    Inline build() {
      return new Inline(spans);
    }
  }
}
