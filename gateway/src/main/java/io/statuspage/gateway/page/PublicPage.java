package io.statuspage.gateway.page;

import io.statuspage.api.model.Incident;
import io.statuspage.api.model.PageSummary;
import io.statuspage.api.model.Summary;
import io.statuspage.api.model.UptimeComponent;
import io.statuspage.api.model.UptimeMetric;
import io.statuspage.api.model.UptimeResponse;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public pages, each rendered from its template: the status page from a Statuspage v2 {@code summary.json} body,
 * the subscribe page and the error pages. Pure functions: no I/O. The pages work with JavaScript off and never
 * refresh themselves.
 */
public final class PublicPage {

  private PublicPage() {
  }

  /**
   * The {@code Content-Security-Policy} header value under which pages rendered with this view (status page, API docs,
   * error pages) work in full: scripts and styles only from this origin, plus the fixed inline snippet and the view's
   * inline brand style, each by hash. Nothing else inline is ever emitted.
   */
  public static String contentSecurityPolicy(PageView view) {
    return Layout.contentSecurityPolicy(view == null ? PageView.defaults() : view);
  }

  /**
   * The whole status page.
   *
   * @param summary a Statuspage v2 {@code summary.json} body ({@code page, components, incidents,
   *                scheduled_maintenances, status}); missing parts render as empty
   * @param view    freshness and branding; {@code null} gives {@link PageView#defaults()}
   */
  public static String render(JsonObject summary, PageView view) {
    return render(Summaries.read(summary), Summaries.incidents(summary), view);
  }

  /**
   * The whole status page, from the contract's models.
   *
   * @param all every incident and maintenance of the page, as {@link io.statuspage.bus.messages.IncidentsPart} has
   *            them: the unresolved ones, the maintenance banner and the incident log come from these
   */
  public static String render(Summary summary, List<Incident> all, PageView view) {
    return Templates.render("pages/status.jte", StatusPage.of(summary, all, orDefaults(view)));
  }

  /**
   * The whole status page with its graphs.
   *
   * @param uptime {@code /api/v2/uptime.json}'s body; {@code null} when the uptime collector has not answered (the
   *               page then says the figures are unavailable)
   */
  public static String render(Summary summary, List<Incident> all, UptimeResponse uptime, PageView view) {
    PageView v = orDefaults(view);
    ZoneId zone = Dates.zone(v.zone(), summary.getPage() == null ? null : summary.getPage().getTimeZone());
    return Templates.render("pages/status.jte", StatusPage.of(summary, all, graphs(uptime, all, zone), v));
  }

  private static StatusPage.Graphs graphs(UptimeResponse uptime, List<Incident> all, ZoneId zone) {
    if (uptime == null) {
      return new StatusPage.Graphs(Map.of(), List.of(), "Uptime figures are unavailable at the moment.");
    }
    Map<String, Incident> incidents = new java.util.HashMap<>();
    all.forEach(i -> incidents.put(i.getId(), i));
    Map<String, UptimeGraph> byComponent = new LinkedHashMap<>();
    int n = 0;
    for (UptimeComponent c : uptime.getComponents()) {
      byComponent.put(c.getId(), UptimeGraph.of("u" + n++, c, incidents, zone));
    }
    List<UptimeGraph> metrics = new java.util.ArrayList<>();
    for (UptimeMetric m : uptime.getMetrics()) {
      UptimeGraph g = UptimeGraph.metric("m" + n++, m, zone);
      if (!g.charts().isEmpty()) {
        metrics.add(g);
      }
    }
    return new StatusPage.Graphs(byComponent, metrics, null);
  }

  /**
   * Every page of the incident history, by path ({@code /history}, {@code /history/2026-08}, ...), the newest first.
   * "Now" is the view's refresh time.
   */
  public static Map<String, String> history(PageSummary page, List<Incident> all, PageView view) {
    PageView v = orDefaults(view);
    String pageName = pageName(page);
    ZoneId zone = Dates.zone(v.zone(), page == null ? null : page.getTimeZone());
    Layout layout = new Layout("Incident history - " + pageName + " status",
        v.logoText() != null ? v.logoText() : pageName, Layout.Nav.HISTORY, v);
    Map<String, String> pages = new LinkedHashMap<>();
    for (IncidentLog.HistoryPage p : IncidentLog.history(all, zone,
        v.lastRefreshed() != null ? v.lastRefreshed() : Instant.now())) {
      pages.put(p.path(), Templates.render("pages/history.jte", new HistoryView(layout, pageName, p)));
    }
    return pages;
  }

  /** One incident's page, served at {@link IncidentLog#path}: its whole timeline and its published postmortem. */
  public static String incident(PageSummary page, Incident incident, PageView view) {
    PageView v = orDefaults(view);
    return Templates.render("pages/incident.jte", IncidentPage.of(incident, pageName(page),
        Dates.zone(v.zone(), page == null ? null : page.getTimeZone()), v));
  }

  private static String pageName(PageSummary page) {
    return page == null || page.getName() == null || page.getName().isBlank() ? "Service" : page.getName();
  }

  /** The Subscribe page, blank: both forms ({@link SubscribePages}). */
  public static String subscribe(JsonObject summary, PageView view) {
    return SubscribePages.subscribe(SubscribePages.site(summary, orDefaults(view)), null, null);
  }

  /** An error page for people (API clients get problem JSON): the status, what went wrong, a way back. */
  public static String error(int status, String title, String detail, PageView view) {
    PageView v = orDefaults(view);
    Layout layout = new Layout(title + " (" + status + ")", v.logoText() != null ? v.logoText() : "Status",
        Layout.Nav.NONE, v);
    return Templates.render("pages/error.jte", new ErrorPage(layout, status, title, detail));
  }

  /** What an error page shows. */
  public record ErrorPage(Layout layout, int status, String title, String detail) {
  }

  private static PageView orDefaults(PageView view) {
    return view == null ? PageView.defaults() : view;
  }
}
