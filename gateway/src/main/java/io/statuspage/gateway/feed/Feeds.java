package io.statuspage.gateway.feed;

import io.statuspage.api.model.Incident;
import io.statuspage.api.model.PageSummary;
import io.statuspage.bus.messages.IncidentsPart;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The incident history as Atom 1.0 ({@code /history.atom}) and RSS 2.0 ({@code /history.rss}), shaped as
 * Statuspage's: the feed titled "&lt;Page&gt; Status - Incident History", one entry per incident or maintenance, newest
 * first, linking to its page. Written with StAX, which escapes every text and attribute; characters XML cannot carry
 * are dropped first. Pure: no I/O.
 */
public final class Feeds {

  public static final String ATOM_TYPE = "application/atom+xml; charset=utf-8";
  public static final String RSS_TYPE = "application/rss+xml; charset=utf-8";

  private static final String ATOM_NS = "http://www.w3.org/2005/Atom";
  private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();
  /** RFC 822 with a numeric offset, as Statuspage's RSS. */
  private static final DateTimeFormatter RFC_822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z",
      Locale.ENGLISH);

  private Feeds() {
  }

  /**
   * @param all  every incident and maintenance of the page, newest first ({@link IncidentsPart})
   * @param zone the page's time zone, for the times in the entries' HTML
   */
  public static String atom(PageSummary page, List<Incident> all, ZoneId zone) {
    List<Incident> items = FeedItems.recent(all);
    String base = FeedItems.base(page);
    String title = title(page);
    return write(xml -> {
      xml.writeStartElement("feed");
      xml.writeDefaultNamespace(ATOM_NS);
      xml.writeAttribute("xml", "http://www.w3.org/XML/1998/namespace", "lang", "en");
      element(xml, "id", "tag:" + FeedItems.host(page) + ",2005:/history");
      link(xml, "alternate", "text/html", base.isEmpty() ? "/" : base);
      link(xml, "self", "application/atom+xml", base + "/history.atom");
      element(xml, "title", title);
      element(xml, "updated", rfc3339(updated(page, items), zone));
      xml.writeStartElement("author");
      element(xml, "name", pageName(page));
      xml.writeEndElement();
      for (Incident i : items) {
        xml.writeStartElement("entry");
        element(xml, "id", "tag:" + FeedItems.host(page) + ",2005:Incident/" + FeedItems.encoded(i.getId()));
        element(xml, "published", rfc3339(published(i), zone));
        element(xml, "updated", rfc3339(i.getUpdatedAt() != null ? i.getUpdatedAt() : published(i), zone));
        link(xml, "alternate", "text/html", FeedItems.link(page, i));
        element(xml, "title", FeedItems.name(i));
        xml.writeStartElement("content");
        xml.writeAttribute("type", "html");
        xml.writeCharacters(FeedItems.xml(FeedItems.html(i, zone)));
        xml.writeEndElement();
        xml.writeEndElement();
      }
      xml.writeEndElement();
    });
  }

  /** The same items as RSS 2.0; a maintenance's {@code pubDate} is its start and it adds {@code maintenanceEndDate}. */
  public static String rss(PageSummary page, List<Incident> all, ZoneId zone) {
    List<Incident> items = FeedItems.recent(all);
    String base = FeedItems.base(page);
    return write(xml -> {
      xml.writeStartElement("rss");
      xml.writeAttribute("version", "2.0");
      xml.writeNamespace("dc", "http://purl.org/dc/elements/1.1/");
      xml.writeNamespace("atom", ATOM_NS);
      xml.writeStartElement("channel");
      element(xml, "title", title(page));
      element(xml, "link", base.isEmpty() ? "/" : base);
      element(xml, "description", "Incidents and scheduled maintenance of " + pageName(page));
      element(xml, "pubDate", rfc822(updated(page, items), zone));
      xml.writeEmptyElement("atom", "link", ATOM_NS);
      xml.writeAttribute("href", FeedItems.xml(base + "/history.rss"));
      xml.writeAttribute("rel", "self");
      xml.writeAttribute("type", "application/rss+xml");
      for (Incident i : items) {
        xml.writeStartElement("item");
        element(xml, "title", FeedItems.name(i));
        element(xml, "description", FeedItems.html(i, zone));
        element(xml, "pubDate", rfc822(IncidentsPart.maintenance(i) ? i.getScheduledFor() : published(i), zone));
        element(xml, "link", FeedItems.link(page, i));
        element(xml, "guid", FeedItems.link(page, i));
        if (IncidentsPart.maintenance(i) && i.getScheduledUntil() != null) {
          element(xml, "maintenanceEndDate", rfc822(i.getScheduledUntil(), zone));
        }
        xml.writeEndElement();
      }
      xml.writeEndElement();
      xml.writeEndElement();
    });
  }

  private interface Body {
    void write(XMLStreamWriter xml) throws XMLStreamException;
  }

  private static String write(Body body) {
    StringWriter out = new StringWriter(16384);
    try {
      XMLStreamWriter xml = XML.createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      body.write(xml);
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing a feed", e);
    }
    return out.toString();
  }

  private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeCharacters(FeedItems.xml(text));
    xml.writeEndElement();
  }

  private static void link(XMLStreamWriter xml, String rel, String type, String href) throws XMLStreamException {
    xml.writeEmptyElement("link");
    xml.writeAttribute("rel", rel);
    xml.writeAttribute("type", type);
    xml.writeAttribute("href", FeedItems.xml(href));
  }

  private static String title(PageSummary page) {
    return pageName(page) + " Status - Incident History";
  }

  private static String pageName(PageSummary page) {
    return page == null || page.getName() == null || page.getName().isBlank() ? "Service" : page.getName();
  }

  private static OffsetDateTime published(Incident i) {
    return i.getCreatedAt() != null ? i.getCreatedAt() : i.getStartedAt();
  }

  /** The newest change among the items, else the page's. */
  private static OffsetDateTime updated(PageSummary page, List<Incident> items) {
    return items.stream().map(i -> i.getUpdatedAt() != null ? i.getUpdatedAt() : published(i))
        .filter(Objects::nonNull).max(Comparator.naturalOrder())
        .orElse(page == null || page.getUpdatedAt() == null ? OffsetDateTime.parse("1970-01-01T00:00:00Z")
            : page.getUpdatedAt());
  }

  private static String rfc3339(OffsetDateTime at, ZoneId zone) {
    return at == null ? "" : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZoneSameInstant(zone)
        .toOffsetDateTime().withNano(0));
  }

  private static String rfc822(OffsetDateTime at, ZoneId zone) {
    return at == null ? "" : RFC_822.format(at.atZoneSameInstant(zone));
  }
}
