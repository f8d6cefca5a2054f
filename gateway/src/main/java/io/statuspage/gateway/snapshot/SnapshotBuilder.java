package io.statuspage.gateway.snapshot;

import io.statuspage.api.model.ComponentsResponse;
import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentsResponse;
import io.statuspage.api.model.ScheduledMaintenancesResponse;
import io.statuspage.bus.messages.ComponentsPart;
import io.statuspage.bus.messages.IncidentsPart;
import io.statuspage.bus.messages.SummaryPart;
import io.statuspage.bus.messages.UptimePart;
import io.statuspage.api.model.UptimeResponse;
import io.statuspage.gateway.feed.Feeds;
import io.statuspage.gateway.feed.ICalendar;
import io.statuspage.gateway.page.IncidentLog;
import io.statuspage.api.model.PageSummary;
import io.statuspage.api.model.StatusResponse;
import io.statuspage.api.model.Summary;
import io.statuspage.gateway.page.PageView;
import io.statuspage.gateway.page.PublicPage;
import io.statuspage.gateway.page.ServedBody;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the public bodies from the services' parts, each read into its record ({@link SnapshotPart#read}) and
 * merged into the contract's {@link Summary}; {@code summary.json}, {@code status.json}, {@code components.json} and
 * the incident and maintenance lists are the generated models written out. The pages (status, subscribe, history)
 * and the feeds are made here too, from every incident of the incidents part; each incident's page is made at its
 * first request ({@link IncidentPages}). No I/O, so it is cheap to test; it only remembers the incidents part it read
 * last, to skip reading it again when another part changed.
 */
public final class SnapshotBuilder {

  public static final String PAGE = "/";
  public static final String SUMMARY = "/api/v2/summary.json";
  public static final String STATUS = "/api/v2/status.json";
  public static final String COMPONENTS = "/api/v2/components.json";
  public static final String SUBSCRIBE = "/subscribe";
  public static final String INCIDENTS = "/api/v2/incidents.json";
  public static final String UNRESOLVED = "/api/v2/incidents/unresolved.json";
  public static final String MAINTENANCES = "/api/v2/scheduled-maintenances.json";
  public static final String UPCOMING = "/api/v2/scheduled-maintenances/upcoming.json";
  public static final String ACTIVE = "/api/v2/scheduled-maintenances/active.json";
  public static final String ATOM = "/history.atom";
  public static final String RSS = "/history.rss";
  public static final String CALENDAR = "/maintenance.ics";
  public static final String UPTIME = "/api/v2/uptime.json";

  private static final String JSON = "application/json; charset=utf-8";
  private static final String HTML = "text/html; charset=utf-8";

  private final PageView view;

  /** @param view the deployment's branding; freshness is set per render */
  public SnapshotBuilder(PageView view) {
    this.view = view;
  }

  /**
   * @param parts each part's data by name ({@link SnapshotPart}), as its service answered it
   * @throws IllegalArgumentException when a part does not fit its record, or there is no page
   */
  public Snapshot build(Map<String, JsonObject> parts, Instant refreshedAt, boolean stale) {
    return render(parts, refreshedAt, stale);
  }

  /** What is kept on disk: the data, not the rendered bodies (branding may change between runs). */
  public JsonObject persisted(Snapshot snapshot) {
    JsonObject parts = new JsonObject();
    snapshot.parts().forEach(parts::put);
    return new JsonObject().put("parts", parts).put("refreshed_at", snapshot.refreshedAt().toString());
  }

  /** A snapshot from {@link #persisted} data, stale until the services answer. */
  public Snapshot restore(JsonObject persisted) {
    JsonObject saved = persisted.getJsonObject("parts");
    if (saved == null || saved.isEmpty()) {
      throw new IllegalArgumentException("no parts in the saved snapshot");
    }
    Map<String, JsonObject> parts = new LinkedHashMap<>();
    saved.forEach(e -> parts.put(e.getKey(), (JsonObject) e.getValue()));
    return render(parts, Instant.parse(persisted.getString("refreshed_at")), true);
  }

  /** The same data again, marked stale (or fresh): only the page's banner changes. */
  public Snapshot restamp(Snapshot previous, boolean stale) {
    return render(previous.parts(), previous.refreshedAt(), stale);
  }

  /** The summary, and every incident and maintenance (the summary has only those shown now). */
  record Read(Summary summary, IncidentsPart incidents, ZoneId zone, UptimePart uptime) {
  }

  /** The incidents part as last read: its data (by identity), the zone its times were put in, the record. */
  private record ReadIncidents(JsonObject data, ZoneId zone, IncidentsPart part) {
  }

  /**
   * Reading the incidents part is most of a rebuild with a long history, and an event from another service leaves
   * it as it was (the keeper passes the same object): then the record read last time is used again. Its incidents
   * are not changed after they are read.
   */
  private volatile ReadIncidents lastIncidents;

  /**
   * Each part of {@link SnapshotPart#ALL} read into its record, filling the contract's {@link Summary}; parts of
   * other names are left out.
   *
   * @throws IllegalArgumentException when a part does not fit its record, or no part gave the page
   */
  Read read(Map<String, JsonObject> parts) {
    List<SummaryPart> records = new ArrayList<>();
    JsonObject incidentsData = null;
    PageSummary page = null;
    UptimePart uptime = UptimePart.none();
    for (SnapshotPart part : SnapshotPart.ALL) {
      JsonObject data = parts.get(part.name());
      if (data == null) {
        continue;
      }
      if (part.type() == IncidentsPart.class) {
        incidentsData = data;
        continue;
      }
      SummaryPart record = part.read(data);
      records.add(record);
      if (record instanceof ComponentsPart c) {
        page = c.page();
      } else if (record instanceof UptimePart u) {
        uptime = u;
      }
    }
    if (page == null) {
      throw new IllegalArgumentException("no page in the snapshot's parts");
    }
    ZoneId zone = zone(page.getTimeZone());
    IncidentsPart incidents = incidentsData == null ? IncidentsPart.none() : incidents(incidentsData, zone);
    records.add(incidents);
    Summary summary = new Summary();
    records.forEach(r -> r.fill(summary));
    return new Read(summary, incidents, zone, uptime);
  }

  private IncidentsPart incidents(JsonObject data, ZoneId zone) {
    ReadIncidents last = lastIncidents;
    if (last != null && last.data() == data && last.zone().equals(zone)) {
      return last.part();
    }
    SnapshotPart part = SnapshotPart.ALL.stream().filter(p -> p.type() == IncidentsPart.class).findFirst()
      .orElseThrow();
    IncidentsPart read = (IncidentsPart) part.read(data);
    // what every list, page and feed relies on; the contract requires them
    for (Incident incident : read.incidents()) {
      if (incident.getId() == null || incident.getStatus() == null || incident.getCreatedAt() == null) {
        throw new IllegalArgumentException("the incidents part has an incident without an id, a status or a "
          + "created_at: " + incident.getId());
      }
    }
    // Before the summary copies them: every time at the page's offset.
    IncidentTimes.inZone(read.incidents(), zone);
    lastIncidents = new ReadIncidents(data, zone, read);
    return read;
  }

  /** The page's zone; an unknown name shows UTC rather than no page. */
  private static ZoneId zone(String timeZone) {
    try {
      return timeZone == null || timeZone.isBlank() ? ZoneOffset.UTC : ZoneId.of(timeZone.strip());
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  private Snapshot render(Map<String, JsonObject> parts, Instant refreshedAt, boolean stale) {
    Read read = read(parts);
    Summary summary = read.summary();
    IncidentsPart incidents = read.incidents();
    List<Incident> all = incidents.incidents();
    PageSummary page = summary.getPage();
    String lastModified = httpDate(page.getUpdatedAt(), refreshedAt);
    // Short freshness: a status page must show a change within seconds, while still absorbing a burst.
    String cache = stale ? "public, max-age=5" : "public, max-age=10";
    Map<String, Snapshot.Resource> resources = new HashMap<>();
    // The bodies are the contract's models as they are written: keys in its order, nulls kept.
    resources.put(SUMMARY, resource(Json.encodeToBuffer(summary), JSON, lastModified, cache));
    resources.put(STATUS, resource(Json.encodeToBuffer(new StatusResponse().page(page).status(summary.getStatus())),
      JSON, lastModified, cache));
    resources.put(COMPONENTS, resource(Json.encodeToBuffer(new ComponentsResponse().page(page)
      .components(summary.getComponents())), JSON, lastModified, cache));
    resources.put(INCIDENTS, resource(Json.encodeToBuffer(new IncidentsResponse().page(page)
      .incidents(IncidentLists.incidents(incidents))), JSON, lastModified, cache));
    resources.put(UNRESOLVED, resource(Json.encodeToBuffer(new IncidentsResponse().page(page)
      .incidents(IncidentLists.unresolved(incidents))), JSON, lastModified, cache));
    resources.put(MAINTENANCES, resource(Json.encodeToBuffer(new ScheduledMaintenancesResponse().page(page)
      .scheduledMaintenances(IncidentLists.maintenances(incidents))), JSON, lastModified, cache));
    resources.put(UPCOMING, resource(Json.encodeToBuffer(new ScheduledMaintenancesResponse().page(page)
      .scheduledMaintenances(IncidentLists.upcoming(incidents))), JSON, lastModified, cache));
    resources.put(ACTIVE, resource(Json.encodeToBuffer(new ScheduledMaintenancesResponse().page(page)
      .scheduledMaintenances(IncidentLists.active(incidents))), JSON, lastModified, cache));
    resources.put(ATOM, resource(utf8(Feeds.atom(page, all, read.zone())), Feeds.ATOM_TYPE, lastModified, cache));
    resources.put(RSS, resource(utf8(Feeds.rss(page, all, read.zone())), Feeds.RSS_TYPE, lastModified, cache));
    resources.put(CALENDAR, resource(utf8(ICalendar.maintenance(page, all)), ICalendar.TYPE, lastModified, cache));
    // The graphs' days end today in the page's zone: "today" is when the data was fetched.
    UptimeResponse uptime = UptimeData.of(page, summary.getComponents(), read.uptime(), all, read.zone(), refreshedAt);
    // Its figures change without the page changing: modified when last fetched, never a 304 for newer data.
    resources.put(UPTIME, resource(Json.encodeToBuffer(uptime), JSON, httpDate(null, refreshedAt), cache));

    PageView shown = view.withFreshness(refreshedAt, stale);
    String csp = PublicPage.contentSecurityPolicy(shown);
    // Until the collector first answers there are no figures to draw: the page says so instead.
    resources.put(PAGE, html(PublicPage.render(summary, all, read.uptime().generatedAt() == null ? null : uptime,
      shown), lastModified, cache, csp));
    resources.put(SUBSCRIBE, html(PublicPage.subscribe(JsonObject.mapFrom(summary), shown), lastModified, cache,
      csp));
    PublicPage.history(page, all, shown).forEach((path, body) -> resources.put(path, html(body, lastModified, cache,
      csp)));
    // Each incident's page is made at its first request: making all of them with every change would cost most of
    // the rebuild for pages few people open (docs/benchmarks.md).
    IncidentPages incidentPages = new IncidentPages(all, incident -> html(PublicPage.incident(page, incident, shown),
      lastModified, cache, csp));
    return new Snapshot(Map.copyOf(resources), Collections.unmodifiableMap(new LinkedHashMap<>(parts)), refreshedAt,
      stale, incidentPages);
  }

  private static Snapshot.Resource html(String page, String lastModified, String cache, String csp) {
    Buffer body = utf8(page);
    return new Snapshot.Resource(ServedBody.text(body, etag(body)), HTML, lastModified, cache, csp);
  }

  private static Buffer utf8(String text) {
    return Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Snapshot.Resource resource(Buffer body, String type, String lastModified, String cache) {
    return new Snapshot.Resource(ServedBody.text(body, etag(body)), type, lastModified, cache, null);
  }

  static String etag(Buffer body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes());
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String httpDate(OffsetDateTime updatedAt, Instant fallback) {
    Instant at = updatedAt == null ? fallback : updatedAt.toInstant();
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
  }
}
