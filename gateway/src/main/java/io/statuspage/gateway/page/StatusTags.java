package io.statuspage.gateway.page;

import io.statuspage.api.ComponentStatuses;
import io.statuspage.api.model.ComponentStatus;

/**
 * How a component status looks: its GOV.UK tag colour (presentation, so here rather than in {@link ComponentStatuses})
 * and its words. {@code null} is a status the page could not read.
 */
public final class StatusTags {

  private StatusTags() {
  }

  public static String colour(ComponentStatus status) {
    if (status == null) {
      return "govuk-tag--grey";
    }
    return switch (status) {
      case OPERATIONAL -> "govuk-tag--green";
      case UNDER_MAINTENANCE -> "govuk-tag--blue";
      case DEGRADED_PERFORMANCE -> "govuk-tag--yellow";
      case PARTIAL_OUTAGE -> "govuk-tag--orange";
      case MAJOR_OUTAGE -> "govuk-tag--red";
    };
  }

  public static String words(ComponentStatus status) {
    return status == null ? "Unknown" : ComponentStatuses.words(status);
  }
}
