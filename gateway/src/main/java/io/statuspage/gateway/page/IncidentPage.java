package io.statuspage.gateway.page;

import gg.jte.Content;
import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentUpdate;

import java.time.ZoneId;
import java.util.List;

/**
 * One incident's or maintenance's page ({@code pages/incident.jte}): what it is, and every update newest first.
 *
 * @param layout     the chrome
 * @param event      its name, status, impact, times and affected components
 * @param updates    every update, newest first
 * @param postmortem the published postmortem as safe markup, or {@code null}
 * @param postmortemAt when the postmortem was published, or {@code null}
 */
public record IncidentPage(Layout layout, EventView event, List<EventView.Update> updates, Content postmortem,
                           TimeView postmortemAt) {

  public IncidentPage {
    updates = List.copyOf(updates);
  }

  static IncidentPage of(Incident incident, String pageName, ZoneId zone, PageView view) {
    EventView event = EventView.of(incident, zone);
    Layout layout = new Layout(event.name() + " - " + pageName + " status",
        view.logoText() != null ? view.logoText() : pageName, Layout.Nav.HISTORY, view);
    List<EventView.Update> updates = EventView.updates(incident).stream()
        .map((IncidentUpdate u) -> EventView.update(u, zone)).toList();
    boolean published = incident.getPostmortemPublishedAt() != null && incident.getPostmortemBody() != null
        && !incident.getPostmortemBody().isBlank();
    return new IncidentPage(layout, event, updates, published ? EventView.body(incident.getPostmortemBody()) : null,
        published ? Dates.time(incident.getPostmortemPublishedAt(), zone) : null);
  }
}
