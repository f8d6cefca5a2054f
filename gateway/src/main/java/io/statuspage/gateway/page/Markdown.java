package io.statuspage.gateway.page;

import gg.jte.Content;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.UrlSanitizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Markdown (CommonMark) from data and from the contract, rendered for a page: the only way text becomes markup on
 * these pages. Raw HTML in the text is escaped, links keep only http, https, mailto and relative targets (others become
 * plain text), images are shown as their text (an image from elsewhere is blocked by the pages' CSP anyway), and the
 * output carries GOV.UK classes.
 */
public final class Markdown {

  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");
  private static final Set<String> SAFE_SCHEMES = Set.of("http", "https", "mailto");
  private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");

  private static final Parser BLOCKS = Parser.builder().build();
  /** Paragraphs only: "# x" or "- x" in a one-line text stay as written. */
  private static final Parser INLINE = Parser.builder().enabledBlockTypes(Set.of()).build();
  private static final HtmlRenderer BLOCK_HTML = renderer(false);
  private static final HtmlRenderer INLINE_HTML = renderer(true);

  private Markdown() {
  }

  /** Text with paragraphs, lists, code and quotes, for a place where blocks may stand. Blank gives nothing. */
  public static Content blocks(String markdown) {
    return render(BLOCKS, BLOCK_HTML, markdown);
  }

  /**
   * One line of text (line breaks become spaces) with emphasis, code and links only, for inside a paragraph, a hint or
   * a table cell. Blank gives nothing.
   */
  public static Content inline(String markdown) {
    return render(INLINE, INLINE_HTML, markdown == null ? null : LINE_BREAKS.matcher(markdown.strip()).replaceAll(" "));
  }

  /** Whether a link target may be followed from a page: http(s), mailto, or relative to this site. */
  static boolean isSafeUrl(String url) {
    // browsers drop whitespace and control characters in a scheme ("java\tscript:"), so judge without them
    String compact = url == null ? "" : url.replaceAll("[\\x00-\\x20\\x7f]", "");
    var scheme = SCHEME.matcher(compact);
    if (scheme.find()) {
      return SAFE_SCHEMES.contains(scheme.group(1).toLowerCase(Locale.ROOT));
    }
    // no scheme: relative, but not protocol-relative ("//host") nor a backslash form browsers read as one
    return !(compact.startsWith("//") || compact.startsWith("\\") || compact.startsWith("/\\"));
  }

  private static Content render(Parser parser, HtmlRenderer renderer, String markdown) {
    if (markdown == null || markdown.isBlank()) {
      return output -> { };
    }
    Node document = parser.parse(markdown);
    document.accept(new Defang());
    String html = renderer.render(document).strip();
    return output -> output.writeContent(html);
  }

  private static HtmlRenderer renderer(boolean inline) {
    return HtmlRenderer.builder()
        .escapeHtml(true)
        .sanitizeUrls(true)
        .urlSanitizer(new SafeUrls())
        .omitSingleParagraphP(inline)
        .attributeProviderFactory(context -> new GovukClasses())
        .build();
  }

  /** Unlinks links with unsafe targets and replaces images by their text, before rendering. */
  private static final class Defang extends AbstractVisitor {

    @Override
    public void visit(Link link) {
      visitChildren(link);
      if (!isSafeUrl(link.getDestination())) {
        unwrap(link);
      }
    }

    @Override
    public void visit(Image image) {
      visitChildren(image);
      unwrap(image);
    }

    private static void unwrap(Node node) {
      List<Node> children = new ArrayList<>();
      for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
        children.add(child);
      }
      for (Node child : children) {
        node.insertBefore(child);
      }
      node.unlink();
    }
  }

  /** Second line of defence: commonmark asks this for every link and image target it writes. */
  private static final class SafeUrls implements UrlSanitizer {

    @Override
    public String sanitizeLinkUrl(String url) {
      return isSafeUrl(url) ? url : "";
    }

    @Override
    public String sanitizeImageUrl(String url) {
      return "";
    }
  }

  /** GOV.UK Frontend classes on what commonmark writes. */
  private static final class GovukClasses implements AttributeProvider {

    @Override
    public void setAttributes(Node node, String tagName, Map<String, String> attributes) {
      String css = null;
      if (node instanceof Paragraph || node instanceof HtmlBlock && "p".equals(tagName)) {
        // raw HTML blocks are written out as escaped text in a paragraph
        css = "govuk-body";
      } else if (node instanceof BulletList) {
        css = "govuk-list govuk-list--bullet";
      } else if (node instanceof OrderedList) {
        css = "govuk-list govuk-list--number";
      } else if (node instanceof Link) {
        css = "govuk-link";
      } else if (node instanceof Code) {
        css = "sp-code";
      } else if (node instanceof Heading heading) {
        css = heading.getLevel() <= 2 ? "govuk-heading-m" : "govuk-heading-s";
      } else if (node instanceof BlockQuote) {
        css = "govuk-inset-text";
      } else if ((node instanceof FencedCodeBlock || node instanceof IndentedCodeBlock) && "pre".equals(tagName)) {
        css = "sp-code-block";
      }
      if (css != null) {
        attributes.put("class", css);
      }
    }
  }
}
