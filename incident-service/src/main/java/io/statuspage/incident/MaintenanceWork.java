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
    REMIND, START, COMPLETE;

    /** Its name in the durable schedule ({@link io.statuspage.schedule.Schedule}); the key there is the incident id. */
    public String work() {
      return "maintenance." + name().toLowerCase(java.util.Locale.ROOT);
    }
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
    return of(incident.getId(), incident.getStatus(), incident.getScheduledFor(), incident.getScheduledUntil(),
      Boolean.TRUE.equals(incident.getScheduledRemindPrior()), incident.getScheduledRemindedAt() != null,
      Boolean.TRUE.equals(incident.getScheduledAutoInProgress()),
      Boolean.TRUE.equals(incident.getScheduledAutoCompleted()));
  }

  /** As {@link #of(Incident)}, for a stored row (what a save schedules). */
  static List<Due> of(IncidentRow row) {
    return of(row.id, row.status, row.scheduledFor, row.scheduledUntil, row.remindPrior, row.remindedAt != null,
      row.autoInProgress, row.autoCompleted);
  }

  private static List<Due> of(String id, IncidentStatus status, OffsetDateTime scheduledFor,
                              OffsetDateTime scheduledUntil, boolean remindPrior, boolean reminded,
                              boolean autoInProgress, boolean autoCompleted) {
    List<Due> due = new ArrayList<>();
    if (scheduledFor == null) {
      return due;
    }
    boolean scheduled = status == IncidentStatus.SCHEDULED;
    if (scheduled && remindPrior && !reminded) {
      due.add(Due.of(Kind.REMIND, id, scheduledFor.minus(REMIND_BEFORE)));
    }
    if (scheduled && autoInProgress) {
      due.add(Due.of(Kind.START, id, scheduledFor));
    }
    if (scheduledUntil != null && autoCompleted && (scheduled || Lifecycle.ACTIVE_MAINTENANCE.contains(status))) {
      due.add(Due.of(Kind.COMPLETE, id, scheduledUntil));
    }
    return due;
  }
}
