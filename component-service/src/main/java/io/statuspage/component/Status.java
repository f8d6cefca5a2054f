package io.statuspage.component;

import java.util.Collection;
import java.util.Locale;

/** A component status, declared in severity order so that the worst of several is the greatest. */
public enum Status {
  OPERATIONAL,
  UNDER_MAINTENANCE,
  DEGRADED_PERFORMANCE,
  PARTIAL_OUTAGE,
  MAJOR_OUTAGE;

  /** The name on the wire and in the database: {@code partial_outage}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named {@code wire}, or null if there is none. */
  public static Status parse(String wire) {
    for (Status status : values()) {
      if (status.wire().equals(wire)) {
        return status;
      }
    }
    return null;
  }

  /** The most severe of {@code statuses}; operational when there are none (an empty group). */
  public static Status worst(Collection<Status> statuses) {
    return statuses.stream().max(Enum::compareTo).orElse(OPERATIONAL);
  }
}
