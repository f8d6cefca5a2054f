package io.statuspage.gateway.page;

import io.statuspage.api.ComponentStatuses;
import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.PageSummary;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.api.model.Incident;
import io.statuspage.api.model.Status;
import io.statuspage.api.model.Summary;
import io.statuspage.bus.messages.IncidentsPart;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the public status page shows ({@code pages/status.jte}), worked out from a {@link Summary}.
 *
 * @param layout        the chrome
 * @param pageName      the page's name
 * @param overall       the overall status
 * @param lastUpdated   when the data was last refreshed, or {@code null} when unknown
 * @param components    top-level components and groups, in display order, those to be shown
 * @param maintenances  scheduled maintenances upcoming or under way, soonest first (the banner)
 * @param incidents     unresolved incidents, newest first
 * @param log           the last {@link IncidentLog#DAYS} days, newest first
 * @param graphs        the uptime figures' state and the custom metrics' charts
 */
public record StatusPage(Layout layout, String pageName, Overall overall, TimeView lastUpdated,
                         List<ComponentItem> components, List<EventView> maintenances, List<EventView> incidents,
                         List<IncidentLog.Day> log, Graphs graphs) {

  /**
   * The page's graphs.
   *
   * @param byComponent  each component's graph, by id
   * @param metrics      custom metrics' charts
   * @param unavailable  what to say when the uptime collector has not answered (no graphs then), else null
   */
  public record Graphs(Map<String, UptimeGraph> byComponent, List<UptimeGraph> metrics, String unavailable) {

    public static final Graphs NONE = new Graphs(Map.of(), List.of(), null);
  }

  /**
   * The overall status.
   *
   * @param indicator the contract's indicator ({@code none} … {@code maintenance}) or {@code unknown}: picks the icon
   *                  and the {@code sp-overall--} class
   * @param words     what people read
   */
  public record Overall(String indicator, String words) {
  }

  public StatusPage {
    components = List.copyOf(components);
    maintenances = List.copyOf(maintenances);
    incidents = List.copyOf(incidents);
    log = List.copyOf(log);
  }

  /**
   * @param all every incident and maintenance of the page ({@link IncidentsPart}), newest first
   */
  static StatusPage of(Summary summary, List<Incident> all, PageView view) {
    return of(summary, all, Graphs.NONE, view);
  }

  static StatusPage of(Summary summary, List<Incident> all, Graphs graphs, PageView view) {
    PageSummary page = summary.getPage() != null ? summary.getPage() : new PageSummary();
    String pageName = orElse(page.getName(), "Service");
    ZoneId zone = Dates.zone(view.zone(), page.getTimeZone());
    IncidentsPart part = new IncidentsPart(all);
    Object updated = view.lastRefreshed() != null ? view.lastRefreshed() : page.getUpdatedAt();
    Layout layout = new Layout(pageName + " status", view.logoText() != null ? view.logoText() : pageName,
        Layout.Nav.STATUS, view);
    return new StatusPage(layout, pageName, overall(summary.getStatus()), Dates.time(updated, zone),
        components(summary.getComponents(), graphs.byComponent()),
        events(part.shownMaintenances(), zone), events(part.unresolved(), zone),
        IncidentLog.days(all, zone, view.lastRefreshed() != null ? view.lastRefreshed() : Instant.now()), graphs);
  }

  public boolean stale() {
    return layout.stale();
  }

  private static Overall overall(Status status) {
    if (status == null || status.getIndicator() == null) {
      return new Overall("unknown", orElse(status == null ? null : status.getDescription(), "Status unknown"));
    }
    return new Overall(status.getIndicator().getValue(),
        orElse(status.getDescription(), ComponentStatuses.words(status.getIndicator())));
  }

  /**
   * Groups with their members (found by {@code group_id}, or else by the group's {@code components}), in the list's
   * display order; a group shows the worst status among itself and its members.
   */
  private static List<ComponentItem> components(List<PublicComponent> all, Map<String, UptimeGraph> graphs) {
    Map<String, PublicComponent> groups = new LinkedHashMap<>();
    for (PublicComponent c : all) {
      if (isGroup(c) && c.getId() != null) {
        groups.put(c.getId(), c);
      }
    }
    Map<String, String> groupOf = new LinkedHashMap<>();
    for (PublicComponent g : groups.values()) {
      for (String memberId : g.getComponents() == null ? List.<String>of() : g.getComponents()) {
        groupOf.putIfAbsent(memberId, g.getId());
      }
    }
    Map<String, List<PublicComponent>> members = new LinkedHashMap<>();
    List<PublicComponent> top = new ArrayList<>();
    for (PublicComponent c : all) {
      String groupId = c.getGroupId() != null ? c.getGroupId() : groupOf.get(c.getId());
      if (!isGroup(c) && groupId != null && groups.containsKey(groupId)) {
        members.computeIfAbsent(groupId, k -> new ArrayList<>()).add(c);
      } else {
        top.add(c);
      }
    }

    List<ComponentItem> items = new ArrayList<>();
    int groupNo = 0;
    for (PublicComponent c : top) {
      if (isGroup(c) && groups.containsKey(c.getId())) {
        List<ComponentStatus> known = new ArrayList<>();
        known.add(c.getStatus());
        List<ComponentRow> visible = new ArrayList<>();
        for (PublicComponent member : members.getOrDefault(c.getId(), List.of())) {
          known.add(member.getStatus());
          if (isShown(member, member.getStatus())) {
            visible.add(row(member, graphs));
          }
        }
        known.removeIf(Objects::isNull);
        ComponentStatus worst = known.isEmpty() ? null : ComponentStatuses.worst(known);
        if (isShown(c, worst)) {
          groupNo++;
          items.add(new ComponentGroup(c.getId(), orElse(c.getName(), "Unnamed group"), blankToNull(c.getDescription()),
              worst, "sp-group-" + groupNo, visible));
        }
      } else if (isShown(c, c.getStatus())) {
        items.add(row(c, graphs));
      }
    }
    return items;
  }

  private static ComponentRow row(PublicComponent c, Map<String, UptimeGraph> graphs) {
    return new ComponentRow(c.getId(), orElse(c.getName(), "Unnamed component"), blankToNull(c.getDescription()),
        c.getStatus(), c.getId() == null ? null : graphs.get(c.getId()));
  }

  private static boolean isGroup(PublicComponent c) {
    return Boolean.TRUE.equals(c.getGroup());
  }

  /** Components marked only_show_if_degraded stay hidden while operational. */
  private static boolean isShown(PublicComponent c, ComponentStatus status) {
    return !(Boolean.TRUE.equals(c.getOnlyShowIfDegraded()) && status == ComponentStatus.OPERATIONAL);
  }

  private static List<EventView> events(List<Incident> incidents, ZoneId zone) {
    return incidents.stream().map(i -> EventView.of(i, zone)).toList();
  }

  private static String orElse(String s, String fallback) {
    return s == null || s.isBlank() ? fallback : s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
