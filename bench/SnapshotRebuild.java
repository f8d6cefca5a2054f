import io.statuspage.api.model.AffectedComponent;
import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentImpact;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.IncidentUpdate;
import io.statuspage.api.model.PageSummary;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.api.model.Status;
import io.statuspage.api.model.StatusIndicator;
import io.statuspage.bus.messages.ComponentsPart;
import io.statuspage.bus.messages.IncidentsPart;
import io.statuspage.gateway.page.PageView;
import io.statuspage.gateway.snapshot.Snapshot;
import io.statuspage.gateway.snapshot.SnapshotBuilder;
import io.statuspage.runtime.Json;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long the gateway takes to rebuild its whole snapshot (every public body: summary and the v2 lists, the status
 * page, the history pages, one page per incident, the Atom, RSS and iCalendar feeds) for a page with INCIDENTS
 * incidents in its history (one in ten a maintenance), each with three Markdown updates, and 20 components. This is
 * what runs on every event from a service.
 *
 * <pre>java -cp CLASSPATH bench/SnapshotRebuild.java [INCIDENTS] [ROUNDS]</pre>
 */
public class SnapshotRebuild {

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Json.configure();
    Instant now = Instant.parse("2026-11-18T14:00:00Z");
    Map<String, JsonObject> parts = new LinkedHashMap<>();
    parts.put("components", JsonObject.mapFrom(components()));
    parts.put("incidents", JsonObject.mapFrom(new IncidentsPart(incidents(count, now))));
    SnapshotBuilder builder = new SnapshotBuilder(PageView.defaults());

    JsonObject incidents = parts.get("incidents");
    for (int i = 0; i < 10; i++) { // the JIT warms up
      parts.put("incidents", incidents.copy());
      builder.build(parts, now, false);
    }
    // An incident event: incident-service's part is new data, read again.
    List<Double> millis = new ArrayList<>();
    Snapshot last = null;
    for (int i = 0; i < rounds; i++) {
      parts.put("incidents", incidents.copy());
      long start = System.nanoTime();
      last = builder.build(parts, now, false);
      millis.add((System.nanoTime() - start) / 1e6);
    }
    // A component event: the incidents part is the same object as before.
    List<Double> componentEvent = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      parts.put("components", parts.get("components").copy());
      long start = System.nanoTime();
      builder.build(parts, now, false);
      componentEvent.add((System.nanoTime() - start) / 1e6);
    }
    Collections.sort(componentEvent);
    Collections.sort(millis);
    long total = 0;
    long incidentPages = 0;
    int incidentPageCount = 0;
    for (Map.Entry<String, Snapshot.Resource> e : last.resources().entrySet()) {
      total += e.getValue().body().length();
      if (e.getKey().startsWith("/incidents/")) {
        incidentPages += e.getValue().body().length();
        incidentPageCount++;
      }
    }
    System.out.printf("incidents: %d, resources: %d (%d incident pages), bytes: %,d (incident pages %,d)%n", count,
      last.resources().size(), incidentPageCount, total, incidentPages);
    System.out.printf("rebuild after an incident event, %d rounds: median %.1f ms, p90 %.1f ms, max %.1f ms%n",
      rounds, millis.get(millis.size() / 2), millis.get((int) (millis.size() * 0.9)), millis.get(millis.size() - 1));
    System.out.printf("rebuild after a component event, %d rounds: median %.1f ms, p90 %.1f ms, max %.1f ms%n",
      rounds, componentEvent.get(rounds / 2), componentEvent.get((int) (rounds * 0.9)),
      componentEvent.get(rounds - 1));
    // Incident pages, made on demand: every one once, timed after the first 200 have warmed the JIT.
    List<Double> pages = new ArrayList<>();
    int pageBytes = 0;
    for (int n = 0; n < count; n++) {
      long start = System.nanoTime();
      Snapshot.Resource page = last.get(String.format("/incidents/inc%09d", n));
      if (n >= 200) {
        pages.add((System.nanoTime() - start) / 1e6);
        pageBytes = page.body().length();
      }
    }
    Collections.sort(pages);
    if (!pages.isEmpty()) {
      System.out.printf("an incident page made on demand: median %.2f ms, p90 %.2f ms (%,d bytes)%n",
        pages.get(pages.size() / 2), pages.get((int) (pages.size() * 0.9)), pageBytes);
    }
    for (String path : List.of("/", "/history", "/api/v2/incidents.json", "/history.atom", "/history.rss",
      "/maintenance.ics")) {
      System.out.printf("  %-32s %,9d bytes%n", path, last.get(path).body().length());
    }
  }

  private static ComponentsPart components() {
    List<PublicComponent> components = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      components.add(component(String.format("cmp%09d", i), "Component " + i));
    }
    PageSummary page = new PageSummary().id("page00000001").name("Bench Platform").url("https://status.bench.test")
      .timeZone("Europe/London").updatedAt(OffsetDateTime.parse("2026-11-18T14:00:00Z"));
    return new ComponentsPart(page, components, new Status().indicator(StatusIndicator.NONE)
      .description("All Systems Operational"));
  }

  private static PublicComponent component(String id, String name) {
    OffsetDateTime at = OffsetDateTime.parse("2026-01-01T00:00:00Z");
    return new PublicComponent().id(id).name(name).status(ComponentStatus.OPERATIONAL).createdAt(at).updatedAt(at)
      .position(1).description("What " + name + " does").showcase(true).startDate(null).groupId(null)
      .pageId("page00000001").group(false).onlyShowIfDegraded(false);
  }

  /** One every eight hours back from now, newest first; the newest two still open. */
  private static List<Incident> incidents(int count, Instant now) {
    List<Incident> all = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      OffsetDateTime created = now.minusSeconds(8 * 3600L * n + 600).atOffset(ZoneOffset.UTC);
      boolean maintenance = n % 10 == 5;
      String id = String.format("inc%09d", n);
      IncidentStatus last = maintenance ? IncidentStatus.COMPLETED : n < 2 ? IncidentStatus.MONITORING
        : IncidentStatus.RESOLVED;
      Incident i = new Incident().id(id).pageId("page00000001").name("Elevated error rates on Component " + (n % 20))
        .status(last).impact(maintenance ? IncidentImpact.MAINTENANCE : IncidentImpact.MINOR).impactOverride(null)
        .createdAt(created).updatedAt(created.plusHours(2)).startedAt(created).monitoringAt(created.plusHours(1))
        .resolvedAt(last == IncidentStatus.MONITORING ? null : created.plusHours(2))
        .shortlink("https://status.bench.test/incidents/" + id).incidentUpdates(new ArrayList<>())
        .components(new ArrayList<>(List.of(component(String.format("cmp%09d", n % 20), "Component " + (n % 20)))))
        .scheduledFor(maintenance ? created : null).scheduledUntil(maintenance ? created.plusHours(2) : null)
        .scheduledRemindPrior(false).scheduledRemindedAt(null).scheduledAutoInProgress(maintenance)
        .scheduledAutoCompleted(maintenance).autoTransitionToMaintenanceState(false)
        .autoTransitionToOperationalState(false).backfilled(false)
        .postmortemBody(n % 7 == 0 ? "## What happened\n\nA **full** disk. See [the runbook](https://example.test)."
          : null)
        .postmortemBodyLastUpdatedAt(null).postmortemPublishedAt(n % 7 == 0 ? created.plusDays(1) : null)
        .postmortemNotifiedSubscribers(false);
      IncidentStatus[] statuses = maintenance
        ? new IncidentStatus[] {IncidentStatus.COMPLETED, IncidentStatus.IN_PROGRESS, IncidentStatus.SCHEDULED}
        : new IncidentStatus[] {last, IncidentStatus.IDENTIFIED, IncidentStatus.INVESTIGATING};
      for (int u = 0; u < 3; u++) {
        OffsetDateTime at = created.plusHours(2 - u);
        i.getIncidentUpdates().add(new IncidentUpdate().id(id + "u" + u).incidentId(id).status(statuses[u])
          .body("We are *still* looking into elevated error rates.\n\n- requests to `/api` fail\n- retries work\n\n"
            + "More at [the docs](https://example.test/docs).")
          .createdAt(at).updatedAt(at).displayAt(at)
          .affectedComponents(new ArrayList<>(List.of(new AffectedComponent().code(String.format("cmp%09d", n % 20))
            .name("Component " + (n % 20)).oldStatus(ComponentStatus.OPERATIONAL)
            .newStatus(ComponentStatus.PARTIAL_OUTAGE))))
          .deliverNotifications(true).customTweet(null).tweetId(null));
      }
      all.add(i);
    }
    return all;
  }
}
