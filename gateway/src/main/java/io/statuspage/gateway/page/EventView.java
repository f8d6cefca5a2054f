package io.statuspage.gateway.page;

import gg.jte.Content;
import io.statuspage.api.model.AffectedComponent;
import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentImpact;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.IncidentUpdate;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.bus.messages.IncidentsPart;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An incident or a scheduled maintenance as the page shows it ({@code parts/event.jte}, the maintenance banner and
 * the incident page), from the contract's {@link Incident}.
 *
 * @param name        its name
 * @param href        its page ({@code /incidents/<id>}), or {@code null} when its id cannot be a path
 * @param maintenance whether it is a scheduled maintenance
 * @param status      its status in words, or {@code null}
 * @param impact      its impact, or {@code null} (a maintenance's own impact is not repeated)
 * @param times       start and end (or resolution), those known
 * @param affected    names of the affected components
 * @param latest      the newest update, or {@code null}
 */
public record EventView(String name, String href, boolean maintenance, String status, Impact impact,
                        List<When> times, List<String> affected, Update latest) {

  /** A labelled time: "Starts", "Ends", "Started", "Resolved". */
  public record When(String label, TimeView time) {
  }

  /** Impact in words, and its tag colour. */
  public record Impact(String words, String tagColour) {
  }

  /**
   * An update: its status in words (or {@code null}), when (or {@code null}), its body as safe markup, and the
   * component changes it made ("API: Operational to Major outage").
   */
  public record Update(String status, TimeView at, Content body, List<String> changes) {
  }

  private static final Map<IncidentImpact, Impact> IMPACTS = Map.of(
      IncidentImpact.NONE, new Impact("No impact", "govuk-tag--grey"),
      IncidentImpact.MINOR, new Impact("Minor", "govuk-tag--yellow"),
      IncidentImpact.MAJOR, new Impact("Major", "govuk-tag--orange"),
      IncidentImpact.CRITICAL, new Impact("Critical", "govuk-tag--red"),
      IncidentImpact.MAINTENANCE, new Impact("Maintenance", "govuk-tag--blue"));

  /** Statuspage bodies carry {@code <br>} tags for line breaks: they become Markdown hard breaks. */
  private static final Pattern BR = Pattern.compile("(?i)<br\\s*/?>\\n?");

  public EventView {
    times = List.copyOf(times);
    affected = List.copyOf(affected);
  }

  static EventView of(Incident event, ZoneId zone) {
    boolean maintenance = IncidentsPart.maintenance(event);
    List<When> times = new ArrayList<>();
    if (maintenance) {
      when(times, "Starts", event.getScheduledFor(), zone);
      when(times, "Ends", event.getScheduledUntil(), zone);
    } else {
      when(times, "Started", event.getStartedAt() != null ? event.getStartedAt() : event.getCreatedAt(), zone);
      when(times, "Resolved", event.getResolvedAt(), zone);
    }
    List<String> affected = new ArrayList<>();
    for (PublicComponent c : orEmpty(event.getComponents())) {
      if (c.getName() != null && !c.getName().isBlank()) {
        affected.add(c.getName());
      }
    }
    List<IncidentUpdate> updates = updates(event);
    return new EventView(name(event), IncidentLog.path(event.getId()), maintenance, statusWords(event.getStatus()),
        impact(event.getImpact(), maintenance), times, affected,
        updates.isEmpty() ? null : update(updates.get(0), zone));
  }

  /** The updates newest first, by the time they show (Statuspage lists them so; an edited time may reorder). */
  static List<IncidentUpdate> updates(Incident event) {
    List<IncidentUpdate> updates = new ArrayList<>(orEmpty(event.getIncidentUpdates()));
    updates.sort(Comparator.comparing(EventView::shownAt, Comparator.nullsLast(Comparator.reverseOrder())));
    return updates;
  }

  static String name(Incident event) {
    String name = event.getName();
    return name == null || name.isBlank() ? IncidentsPart.maintenance(event) ? "Maintenance" : "Incident" : name;
  }

  static Impact impact(IncidentImpact impact, boolean maintenance) {
    if (impact == null || maintenance && impact == IncidentImpact.MAINTENANCE) {
      return null;
    }
    return IMPACTS.get(impact);
  }

  static Update update(IncidentUpdate u, ZoneId zone) {
    List<String> changes = new ArrayList<>();
    for (AffectedComponent c : orEmpty(u.getAffectedComponents())) {
      if (c.getName() != null && !c.getName().isBlank()) {
        changes.add(c.getName() + ": " + StatusTags.words(c.getOldStatus()) + " to "
            + StatusTags.words(c.getNewStatus()));
      }
    }
    return new Update(statusWords(u.getStatus()), Dates.time(shownAt(u), zone), body(u.getBody()), changes);
  }

  /** An update body or a postmortem: Markdown, with Statuspage's {@code <br>} as line breaks. */
  static Content body(String text) {
    return Markdown.blocks(text == null ? null : BR.matcher(text).replaceAll("  \n"));
  }

  static String statusWords(IncidentStatus status) {
    if (status == null) {
      return null;
    }
    return switch (status) {
      case INVESTIGATING -> "Investigating";
      case IDENTIFIED -> "Identified";
      case MONITORING -> "Monitoring";
      case RESOLVED -> "Resolved";
      case POSTMORTEM -> "Postmortem";
      case SCHEDULED -> "Scheduled";
      case IN_PROGRESS -> "In progress";
      case VERIFYING -> "Verifying";
      case COMPLETED -> "Completed";
    };
  }

  private static OffsetDateTime shownAt(IncidentUpdate u) {
    return u.getDisplayAt() != null ? u.getDisplayAt() : u.getCreatedAt();
  }

  private static void when(List<When> times, String label, OffsetDateTime value, ZoneId zone) {
    TimeView time = Dates.time(value, zone);
    if (time != null) {
      times.add(new When(label, time));
    }
  }

  static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
