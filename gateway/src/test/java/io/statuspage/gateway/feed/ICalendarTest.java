package io.statuspage.gateway.feed;

import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.gateway.IncidentSamples;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.statuspage.gateway.IncidentSamples.at;
import static io.statuspage.gateway.IncidentSamples.incident;
import static io.statuspage.gateway.IncidentSamples.maintenance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The maintenance calendar follows RFC 5545: CRLF, folding at 75 octets, escaped text, UTC times. */
class ICalendarTest {

  /** RFC 5545 §3.1: unfolds, checking every physical line on the way. */
  static List<String> unfold(String ics) {
    assertTrue(ics.endsWith("\r\n"));
    assertFalse(ics.replace("\r\n", "").contains("\n"), "bare LF");
    assertFalse(ics.replace("\r\n", "").contains("\r"), "bare CR");
    List<String> lines = new ArrayList<>();
    for (String physical : ics.split("\r\n")) {
      assertTrue(physical.getBytes(StandardCharsets.UTF_8).length <= 75, "longer than 75 octets: " + physical);
      if (physical.startsWith(" ")) {
        lines.set(lines.size() - 1, lines.get(lines.size() - 1) + physical.substring(1));
      } else {
        lines.add(physical);
      }
    }
    return lines;
  }

  /** The events as property name to raw value (parameters are not used here). */
  static List<Map<String, String>> events(List<String> lines) {
    List<Map<String, String>> events = new ArrayList<>();
    Map<String, String> current = null;
    for (String line : lines) {
      if (line.equals("BEGIN:VEVENT")) {
        current = new LinkedHashMap<>();
      } else if (line.equals("END:VEVENT")) {
        events.add(current);
        current = null;
      } else if (current != null) {
        int colon = line.indexOf(':');
        assertFalse(current.containsKey(line.substring(0, colon)), "a property twice: " + line);
        current.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return events;
  }

  /** RFC 5545 §3.3.11, read back. */
  static String unescape(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        char next = text.charAt(++i);
        out.append(next == 'n' || next == 'N' ? '\n' : next);
      } else {
        assertFalse(c == ';' || c == ',', "unescaped " + c + " in " + text);
        out.append(c);
      }
    }
    return out.toString();
  }

  @Test
  void oneEventPerMaintenanceWithItsWindowInUtc() {
    Incident m = maintenance("mnt000000001", "Database upgrade", IncidentStatus.SCHEDULED,
        "2026-11-25T22:00:00+01:00", "2026-11-26T01:30:00+01:00");
    m.getComponents().add(IncidentSamples.component("c1", "Database", ComponentStatus.OPERATIONAL));
    Incident realtime = incident("inc000000001", "Not a maintenance", IncidentStatus.RESOLVED,
        "2026-11-17T10:00:00Z");
    List<String> lines = unfold(ICalendar.maintenance(IncidentSamples.page("Europe/Berlin"), List.of(realtime, m)));
    assertEquals(List.of("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//statuspage//Scheduled maintenance//EN",
        "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Acme Cloud scheduled maintenance"),
        lines.subList(0, 6));
    assertEquals("END:VCALENDAR", lines.get(lines.size() - 1));
    List<Map<String, String>> events = events(lines);
    assertEquals(1, events.size());
    Map<String, String> e = events.get(0);
    assertEquals("mnt000000001@status.acme.test", e.get("UID"));
    assertEquals("20261125T210000Z", e.get("DTSTART"));
    assertEquals("20261126T003000Z", e.get("DTEND"));
    assertEquals("20261101T090000Z", e.get("DTSTAMP"));
    assertEquals("Database upgrade", e.get("SUMMARY"));
    assertEquals("Scheduled\nAffects: Database\n\nWe are looking into it.", unescape(e.get("DESCRIPTION")));
    assertEquals("https://status.acme.test/incidents/mnt000000001", e.get("URL"));
    assertEquals("CONFIRMED", e.get("STATUS"));
  }

  @Test
  void completedEarlyEndsThenAndCompletedBeforeItBeganIsCancelled() {
    Incident early = maintenance("mnt000000001", "Early", IncidentStatus.COMPLETED, "2026-11-10T22:00:00Z",
        "2026-11-11T02:00:00Z").resolvedAt(at("2026-11-10T23:15:00Z"));
    Incident called = maintenance("mnt000000002", "Called off", IncidentStatus.COMPLETED, "2026-11-12T22:00:00Z",
        "2026-11-13T02:00:00Z").resolvedAt(at("2026-11-12T08:00:00Z"));
    List<Map<String, String>> events = events(unfold(ICalendar.maintenance(IncidentSamples.page("Etc/UTC"),
        List.of(early, called))));
    assertEquals("Called off", events.get(0).get("SUMMARY"), "latest window first");
    assertEquals("CANCELLED", events.get(0).get("STATUS"));
    assertEquals("20261110T231500Z", events.get(1).get("DTEND"));
    assertEquals("CONFIRMED", events.get(1).get("STATUS"));
  }

  @Test
  void textIsEscapedFoldedAtSeventyFiveOctetsAndCannotAddProperties() {
    String hostile = "Upgrade, phase 1; part \\2\r\nEND:VEVENT\nBEGIN:VEVENT\u0000\u0007 "
        + "ünïcödé ✓ 🚀 ".repeat(8);
    Incident m = maintenance("mnt000000001", hostile, IncidentStatus.SCHEDULED, "2026-11-25T22:00:00Z",
        "2026-11-26T01:30:00Z");
    m.getIncidentUpdates().get(0).body(hostile);
    String ics = ICalendar.maintenance(IncidentSamples.page("Etc/UTC").name(hostile), List.of(m));
    List<String> lines = unfold(ics);
    assertEquals(1, lines.stream().filter(l -> l.equals("BEGIN:VEVENT")).count());
    assertEquals(1, lines.stream().filter(l -> l.equals("END:VEVENT")).count());
    Map<String, String> e = events(lines).get(0);
    String expected = "Upgrade, phase 1; part \\2\nEND:VEVENT\nBEGIN:VEVENT " + "ünïcödé ✓ 🚀 ".repeat(8);
    assertEquals(expected, unescape(e.get("SUMMARY")), "control characters dropped, the rest as written");
    assertTrue(unescape(e.get("DESCRIPTION")).endsWith(expected.strip()));
    assertTrue(ics.split("\r\n").length > lines.size(), "long lines were folded");
    // folding never splits a character: every physical line is valid UTF-8 on its own
    for (String physical : ics.split("\r\n")) {
      assertFalse(physical.contains("\uFFFD"), physical);
    }
  }

  @Test
  void foldsAtExactlySeventyFiveOctets() {
    StringBuilder out = new StringBuilder();
    ICalendar.line(out, "X".repeat(75));
    ICalendar.line(out, "Y".repeat(76));
    ICalendar.line(out, "é".repeat(40));
    assertEquals("X".repeat(75) + "\r\n" + "Y".repeat(75) + "\r\n Y\r\n" + "é".repeat(37) + "\r\n " + "é".repeat(3)
        + "\r\n", out.toString());
  }
}
