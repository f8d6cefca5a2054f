package io.statuspage.runtime;

import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The log of one dependency's outages (the database, a service): a warning when it becomes unavailable, a reminder
 * now and then while it lasts, and a line when it is back. Callers report every failure and every success; however
 * often they do, an outage of any length makes a handful of lines, never one per request or per retry, and never a
 * stack trace (an outage is expected, the reason is enough).
 *
 * <p>Reminders come {@link #FIRST_REMINDER} into an outage, then at doubling intervals up to {@link #MAX_REMINDER}.
 * Thread-safe: event loops of one process may share an instance.
 */
public final class Outage {

  static final Duration FIRST_REMINDER = Duration.ofMinutes(2);
  static final Duration MAX_REMINDER = Duration.ofHours(1);

  private final String name;
  private final Logger log;
  private final Clock clock;
  // Read without the lock on the success path, which is every request.
  private volatile boolean down;
  private Instant since;
  private Instant nextReminder;
  private Duration reminderGap;

  private Outage(String name, Logger log, Clock clock) {
    this.name = name;
    this.log = log;
    this.clock = clock;
  }

  /** An outage log for {@code name} ("Database", "component-service") on {@code log}. */
  public static Outage of(String name, Logger log) {
    return of(name, log, Clock.systemUTC());
  }

  public static Outage of(String name, Logger log, Clock clock) {
    return new Outage(name, log, clock);
  }

  /** Reports a failure: logs when the outage starts, or when a reminder is due. */
  public void failed(Throwable cause) {
    failed(reason(cause));
  }

  public void failed(String reason) {
    String line = null;
    synchronized (this) {
      Instant now = clock.instant();
      if (!down) {
        down = true;
        since = now;
        reminderGap = FIRST_REMINDER;
        nextReminder = now.plus(reminderGap);
        line = name + " unavailable: " + reason;
      } else if (!now.isBefore(nextReminder)) {
        reminderGap = min(reminderGap.multipliedBy(2), MAX_REMINDER);
        nextReminder = now.plus(reminderGap);
        line = name + " still unavailable after " + format(Duration.between(since, now)) + ": " + reason;
      }
    }
    if (line != null) {
      log.warn(line);
    }
  }

  /** Reports a success: logs once when an outage ends. Cheap when there is none. */
  public void succeeded() {
    if (!down) {
      return;
    }
    Duration lasted;
    synchronized (this) {
      if (!down) {
        return;
      }
      down = false;
      lasted = Duration.between(since, clock.instant());
    }
    log.info("{} available again after {}", name, format(lasted));
  }

  /** Whether the last report was a failure. */
  public boolean ongoing() {
    return down;
  }

  /**
   * The first line of {@code cause}'s message or, when it has none, its type: enough to tell a refused connection
   * from a timeout, on one line.
   */
  public static String reason(Throwable cause) {
    if (cause == null) {
      return "unknown";
    }
    String message = cause.getMessage();
    if (message == null || message.isBlank()) {
      return cause.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }

  /** {@code 45s}, {@code 2m13s}, {@code 1h05m}: what a person reads at a glance. */
  static String format(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
