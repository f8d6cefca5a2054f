package io.statuspage.api;

import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.Status;
import io.statuspage.api.model.StatusIndicator;

import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.statuspage.api.model.ComponentStatus.DEGRADED_PERFORMANCE;
import static io.statuspage.api.model.ComponentStatus.MAJOR_OUTAGE;
import static io.statuspage.api.model.ComponentStatus.OPERATIONAL;
import static io.statuspage.api.model.ComponentStatus.PARTIAL_OUTAGE;
import static io.statuspage.api.model.ComponentStatus.UNDER_MAINTENANCE;

/**
 * What the contract's component statuses mean: their severity, the words people read, and the page's overall status
 * computed from them as Statuspage does. The one place for these rules; the generated enum only names the values.
 */
public final class ComponentStatuses {

  /** Mildest first. Explicit rather than the enum's declaration order, which follows the contract's listing. */
  private static final List<ComponentStatus> BY_SEVERITY = List.of(OPERATIONAL, UNDER_MAINTENANCE,
    DEGRADED_PERFORMANCE, PARTIAL_OUTAGE, MAJOR_OUTAGE);

  private static final Map<ComponentStatus, String> WORDS = new EnumMap<>(Map.of(
    OPERATIONAL, "Operational",
    UNDER_MAINTENANCE, "Under maintenance",
    DEGRADED_PERFORMANCE, "Degraded performance",
    PARTIAL_OUTAGE, "Partial outage",
    MAJOR_OUTAGE, "Major outage"));

  private static final Map<StatusIndicator, String> INDICATOR_WORDS = new EnumMap<>(Map.of(
    StatusIndicator.NONE, "All Systems Operational",
    StatusIndicator.MINOR, "Minor Service Outage",
    StatusIndicator.MAJOR, "Partial System Outage",
    StatusIndicator.CRITICAL, "Major System Outage",
    StatusIndicator.MAINTENANCE, "Service Under Maintenance"));

  /** Orders statuses from the mildest to the most severe. */
  public static final Comparator<ComponentStatus> SEVERITY = Comparator.comparingInt(ComponentStatuses::severity);

  private ComponentStatuses() {
  }

  /** 0 for operational up to 4 for a major outage. */
  public static int severity(ComponentStatus status) {
    return BY_SEVERITY.indexOf(Objects.requireNonNull(status, "status"));
  }

  /** The status as people read it: "Degraded performance". */
  public static String words(ComponentStatus status) {
    return WORDS.get(Objects.requireNonNull(status, "status"));
  }

  /** Default words for an indicator, for a status whose description is missing. */
  public static String words(StatusIndicator indicator) {
    return INDICATOR_WORDS.get(Objects.requireNonNull(indicator, "indicator"));
  }

  /** The most severe of {@code statuses}; operational when there are none (an empty group). */
  public static ComponentStatus worst(Collection<ComponentStatus> statuses) {
    return statuses.stream().max(SEVERITY).orElse(OPERATIONAL);
  }

  /**
   * The page's overall status from its components (groups excluded): the worst status present decides the indicator,
   * and whether every component shares it decides how strong the wording is.
   */
  public static Status rollup(Collection<ComponentStatus> statuses) {
    if (statuses.contains(MAJOR_OUTAGE)) {
      return all(statuses, MAJOR_OUTAGE)
        ? status(StatusIndicator.CRITICAL, "Major System Outage")
        : status(StatusIndicator.MAJOR, "Partial System Outage");
    }
    if (statuses.contains(PARTIAL_OUTAGE)) {
      return all(statuses, PARTIAL_OUTAGE)
        ? status(StatusIndicator.MAJOR, "Partial System Outage")
        : status(StatusIndicator.MINOR, "Minor Service Outage");
    }
    if (statuses.contains(DEGRADED_PERFORMANCE)) {
      return all(statuses, DEGRADED_PERFORMANCE)
        ? status(StatusIndicator.MINOR, "Degraded System Service")
        : status(StatusIndicator.MINOR, "Partially Degraded Service");
    }
    if (statuses.contains(UNDER_MAINTENANCE)) {
      return status(StatusIndicator.MAINTENANCE, "Service Under Maintenance");
    }
    return status(StatusIndicator.NONE, "All Systems Operational");
  }

  private static boolean all(Collection<ComponentStatus> statuses, ComponentStatus status) {
    return statuses.stream().allMatch(status::equals);
  }

  private static Status status(StatusIndicator indicator, String description) {
    return new Status().indicator(indicator).description(description);
  }
}
