package io.statuspage.incident;

import io.statuspage.api.model.Incident;
import io.statuspage.api.model.IncidentStatus;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Which automatic work a scheduled maintenance needs, and when: a pure function of the incident, for the scheduler
 * to keep durable and to call {@link IncidentService#remind}, {@link IncidentService#start} and
 * {@link IncidentService#complete} when due. A due item's key names the work and its time, so a rescheduled window
 * yields new keys and work already done (the incident moved on) yields none.
 */
public final class MaintenanceWork {

  /** How long before the window a reminder is due, as Statuspage does it. */
  public static final Duration REMIND_BEFORE = Duration.ofMinutes(60);

  /** The kinds of work. */
  public enum Kind {
    REMIND, START, COMPLETE
  }

  /** One piece of work: {@code key} is unique to the incident, the kind and the due time. */
  public record Due(Kind kind, String incidentId, String key, OffsetDateTime at) {

    static Due of(Kind kind, String incidentId, OffsetDateTime at) {
      return new Due(kind, incidentId, incidentId + ":" + kind.name().toLowerCase(java.util.Locale.ROOT) + ":"
        + at.toInstant(), at);
    }
  }

  private MaintenanceWork() {
  }

  /**
   * The work {@code incident} still needs: none for a realtime incident; for a maintenance still scheduled, a
   * reminder at {@code scheduled_for} − 60 min when {@code scheduled_remind_prior} and not yet reminded, and its
   * start at {@code scheduled_for} when {@code scheduled_auto_in_progress}; its completion at
   * {@code scheduled_until} when {@code scheduled_auto_completed} and not yet completed.
   */
  public static List<Due> of(Incident incident) {
    List<Due> due = new ArrayList<>();
    if (incident.getScheduledFor() == null) {
      return due;
    }
    IncidentStatus status = incident.getStatus();
    boolean scheduled = status == IncidentStatus.SCHEDULED;
    if (scheduled && Boolean.TRUE.equals(incident.getScheduledRemindPrior()) && incident.getScheduledRemindedAt() == null) {
      due.add(Due.of(Kind.REMIND, incident.getId(), incident.getScheduledFor().minus(REMIND_BEFORE)));
    }
    if (scheduled && Boolean.TRUE.equals(incident.getScheduledAutoInProgress())) {
      due.add(Due.of(Kind.START, incident.getId(), incident.getScheduledFor()));
    }
    if (incident.getScheduledUntil() != null && Boolean.TRUE.equals(incident.getScheduledAutoCompleted())
      && (scheduled || Lifecycle.ACTIVE_MAINTENANCE.contains(status))) {
      due.add(Due.of(Kind.COMPLETE, incident.getId(), incident.getScheduledUntil()));
    }
    return due;
  }
}
