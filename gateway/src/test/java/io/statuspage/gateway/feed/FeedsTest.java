package io.statuspage.gateway.feed;

import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.PageSummary;
import io.statuspage.gateway.IncidentSamples;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static io.statuspage.gateway.IncidentSamples.incident;
import static io.statuspage.gateway.IncidentSamples.maintenance;
import static io.statuspage.gateway.IncidentSamples.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Atom and RSS feeds parse as XML, are shaped as Statuspage's, and carry hostile text as text. */
class FeedsTest {

  private static final String ATOM = "http://www.w3.org/2005/Atom";
  private static final ZoneId LONDON = ZoneId.of("Europe/London");

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      // in the parent's namespace: RSS's link, not the atom:link beside it
      if (n instanceof Element e && e.getLocalName().equals(name)
          && java.util.Objects.equals(e.getNamespaceURI(), parent.getNamespaceURI())) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    assertEquals(1, found.size(), name);
    return found.get(0).getTextContent();
  }

  /** Every element name in the document, to see that nothing was injected. */
  private static Set<String> elementNames(Document doc) {
    Set<String> names = new TreeSet<>();
    NodeList all = doc.getElementsByTagNameNS("*", "*");
    for (int n = 0; n < all.getLength(); n++) {
      names.add(all.item(n).getNodeName());
    }
    return names;
  }

  private static List<Incident> sample() {
    Incident i = incident("inc000000001", "Emails delayed", IncidentStatus.INVESTIGATING, "2026-11-17T10:00:00Z");
    update(i, "u2", IncidentStatus.RESOLVED, "All mail *sent*.", "2026-11-17T11:00:00Z");
    Incident m = maintenance("mnt000000001", "Database upgrade", IncidentStatus.SCHEDULED, "2026-11-25T22:00:00Z",
        "2026-11-26T01:30:00Z");
    return List.of(i, m);
  }

  @Test
  void atomIsShapedAsStatuspagesWithOneEntryPerIncidentLinkingToItsPage() throws Exception {
    Document doc = parse(Feeds.atom(IncidentSamples.page("Europe/London"), sample(), LONDON));
    Element feed = doc.getDocumentElement();
    assertEquals(ATOM, feed.getNamespaceURI());
    assertEquals("feed", feed.getLocalName());
    assertEquals("Acme Cloud Status - Incident History", text(feed, "title"));
    assertEquals("tag:status.acme.test,2005:/history", text(feed, "id"));
    assertEquals("Acme Cloud", text(children(feed, "author").get(0), "name"));
    List<Element> links = children(feed, "link");
    assertEquals("https://status.acme.test", links.get(0).getAttribute("href"));
    assertEquals("https://status.acme.test/history.atom", links.get(1).getAttribute("href"));
    assertEquals("self", links.get(1).getAttribute("rel"));
    List<Element> entries = children(feed, "entry");
    assertEquals(2, entries.size());
    Element entry = entries.get(0);
    assertEquals("tag:status.acme.test,2005:Incident/inc000000001", text(entry, "id"));
    assertEquals("Emails delayed", text(entry, "title"));
    assertEquals("2026-11-17T10:00:00Z", text(entry, "published"));
    assertEquals("2026-11-17T11:00:00Z", text(entry, "updated"));
    Element alternate = children(entry, "link").get(0);
    assertEquals("https://status.acme.test/incidents/inc000000001", alternate.getAttribute("href"));
    assertEquals("alternate", alternate.getAttribute("rel"));
    Element content = children(entry, "content").get(0);
    assertEquals("html", content.getAttribute("type"));
    assertEquals("<p><small>Nov 17, 11:00 GMT</small><br><strong>Resolved</strong></p><p class=\"govuk-body\">All "
        + "mail <em>sent</em>.</p><p><small>Nov 17, 10:00 GMT</small><br><strong>Investigating</strong></p>"
        + "<p class=\"govuk-body\">We are looking into it.</p>", content.getTextContent());
    assertTrue(text(entries.get(1), "content").startsWith("<p><strong>THIS IS A SCHEDULED EVENT Nov 25, 22:00 GMT"
        + " - Nov 26, 01:30 GMT</strong></p>"));
  }

  @Test
  void rssIsShapedAsStatuspagesWithGuidPubDateAndMaintenanceEnd() throws Exception {
    Document doc = parse(Feeds.rss(IncidentSamples.page("Europe/London"), sample(), LONDON));
    Element rss = doc.getDocumentElement();
    assertEquals("2.0", rss.getAttribute("version"));
    Element channel = children(rss, "channel").get(0);
    assertEquals("Acme Cloud Status - Incident History", text(channel, "title"));
    assertEquals("https://status.acme.test", text(channel, "link"));
    assertEquals("Tue, 17 Nov 2026 11:00:00 +0000", text(channel, "pubDate"));
    Element self = (Element) channel.getElementsByTagNameNS(ATOM, "link").item(0);
    assertEquals("https://status.acme.test/history.rss", self.getAttribute("href"));
    List<Element> items = children(channel, "item");
    assertEquals(2, items.size());
    Element item = items.get(0);
    assertEquals("Emails delayed", text(item, "title"));
    assertEquals("https://status.acme.test/incidents/inc000000001", text(item, "link"));
    assertEquals("https://status.acme.test/incidents/inc000000001", text(item, "guid"));
    assertEquals("Tue, 17 Nov 2026 10:00:00 +0000", text(item, "pubDate"));
    assertTrue(text(item, "description").contains("<strong>Resolved</strong>"));
    assertTrue(children(item, "maintenanceEndDate").isEmpty());
    Element maintenance = items.get(1);
    assertEquals("Wed, 25 Nov 2026 22:00:00 +0000", text(maintenance, "pubDate"), "a maintenance at its start");
    assertEquals("Thu, 26 Nov 2026 01:30:00 +0000", text(maintenance, "maintenanceEndDate"));
  }

  @Test
  void fiftyItemsAtMostNewestFirst() throws Exception {
    List<Incident> many = new ArrayList<>();
    IntStream.range(0, 70).forEach(n -> many.add(incident(String.format("i%011d", n), "I" + n,
        IncidentStatus.RESOLVED, java.time.Instant.parse("2026-11-17T10:00:00Z").minusSeconds(3600L * n).toString())));
    Document doc = parse(Feeds.rss(IncidentSamples.page("Etc/UTC"), many, ZoneId.of("UTC")));
    List<Element> items = children(children(doc.getDocumentElement(), "channel").get(0), "item");
    assertEquals(50, items.size());
    assertEquals("I0", text(items.get(0), "title"));
    assertEquals("I49", text(items.get(49), "title"));
  }

  private static final String HOSTILE = "</title><script>alert(1)</script>]]><!-- &amp; &#0; \" ' <entry>"
      + "\u0001\u0008\uFFFE\uD800";
  private static final String HOSTILE_AS_XML = "</title><script>alert(1)</script>]]><!-- &amp; &#0; \" ' <entry>";

  private static List<Incident> hostile() {
    Incident i = incident("inc000000666", HOSTILE, IncidentStatus.INVESTIGATING, "2026-11-17T10:00:00Z");
    i.getIncidentUpdates().get(0).body(HOSTILE + "\n\n[x](javascript:alert(2)) <img src=x onerror=alert(3)>");
    i.getComponents().add(IncidentSamples.component("c1", HOSTILE, ComponentStatus.MAJOR_OUTAGE));
    Incident odd = incident("a b/<c>\"", "Odd id", IncidentStatus.RESOLVED, "2026-11-16T10:00:00Z");
    return List.of(i, odd);
  }

  private static PageSummary hostilePage() {
    return IncidentSamples.page("Etc/UTC").name(HOSTILE);
  }

  @Test
  void hostileTextStaysTextInAtom() throws Exception {
    Document doc = parse(Feeds.atom(hostilePage(), hostile(), ZoneId.of("UTC")));
    assertEquals(Set.of("author", "content", "entry", "feed", "id", "link", "name", "published", "title", "updated"),
        elementNames(doc), "no element injected");
    Element feed = doc.getDocumentElement();
    assertEquals(HOSTILE_AS_XML + " Status - Incident History", text(feed, "title"), "what XML cannot carry dropped");
    Element entry = children(feed, "entry").get(0);
    assertEquals(HOSTILE_AS_XML, text(entry, "title"));
    String html = text(entry, "content");
    // the entry's HTML, once a reader decodes it, shows the text and has no script, image or unsafe link
    org.jsoup.nodes.Document shown = org.jsoup.Jsoup.parseBodyFragment(html);
    assertTrue(shown.select("script, img, a[href^=javascript]").isEmpty(), html);
    assertTrue(shown.text().contains("</title><script>alert(1)</script>"), shown.text());
    assertEquals("https://status.acme.test/incidents/a+b%2F%3Cc%3E%22",
        children(children(feed, "entry").get(1), "link").get(0).getAttribute("href"), "an odd id is encoded");
  }

  @Test
  void hostileTextStaysTextInRss() throws Exception {
    Document doc = parse(Feeds.rss(hostilePage(), hostile(), ZoneId.of("UTC")));
    assertEquals(Set.of("atom:link", "channel", "description", "guid", "item", "link", "pubDate", "rss", "title"),
        elementNames(doc), "no element injected");
    Element channel = children(doc.getDocumentElement(), "channel").get(0);
    Element item = children(channel, "item").get(0);
    assertEquals(HOSTILE_AS_XML, text(item, "title"));
    org.jsoup.nodes.Document shown = org.jsoup.Jsoup.parseBodyFragment(text(item, "description"));
    assertTrue(shown.select("script, img, a[href^=javascript]").isEmpty());
    assertFalse(doc.getDocumentElement().hasAttribute("onload"));
  }
}
