package io.statuspage.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.Status;
import io.statuspage.api.model.StatusIndicator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static io.statuspage.api.model.ComponentStatus.DEGRADED_PERFORMANCE;
import static io.statuspage.api.model.ComponentStatus.MAJOR_OUTAGE;
import static io.statuspage.api.model.ComponentStatus.OPERATIONAL;
import static io.statuspage.api.model.ComponentStatus.PARTIAL_OUTAGE;
import static io.statuspage.api.model.ComponentStatus.UNDER_MAINTENANCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Severity, words and the page's rollup of the contract's component statuses. */
class ComponentStatusesTest {

  private static Status rollup(ComponentStatus... statuses) {
    return ComponentStatuses.rollup(List.of(statuses));
  }

  private static Status status(StatusIndicator indicator, String description) {
    return new Status().indicator(indicator).description(description);
  }

  @Test
  void noComponentsOrAllOperationalIsNone() {
    assertEquals(status(StatusIndicator.NONE, "All Systems Operational"), rollup());
    assertEquals(status(StatusIndicator.NONE, "All Systems Operational"), rollup(OPERATIONAL, OPERATIONAL));
  }

  @Test
  void maintenanceWhenNothingIsWorse() {
    assertEquals(status(StatusIndicator.MAINTENANCE, "Service Under Maintenance"),
      rollup(OPERATIONAL, UNDER_MAINTENANCE));
    assertEquals(status(StatusIndicator.MINOR, "Partially Degraded Service"),
      rollup(UNDER_MAINTENANCE, DEGRADED_PERFORMANCE, OPERATIONAL));
  }

  @Test
  void majorOutages() {
    assertEquals(status(StatusIndicator.CRITICAL, "Major System Outage"), rollup(MAJOR_OUTAGE, MAJOR_OUTAGE));
    assertEquals(status(StatusIndicator.MAJOR, "Partial System Outage"), rollup(MAJOR_OUTAGE, OPERATIONAL));
    assertEquals(status(StatusIndicator.MAJOR, "Partial System Outage"), rollup(PARTIAL_OUTAGE, MAJOR_OUTAGE));
  }

  @Test
  void partialOutages() {
    assertEquals(status(StatusIndicator.MAJOR, "Partial System Outage"), rollup(PARTIAL_OUTAGE));
    assertEquals(status(StatusIndicator.MINOR, "Minor Service Outage"), rollup(PARTIAL_OUTAGE, DEGRADED_PERFORMANCE));
  }

  @Test
  void degradedPerformance() {
    assertEquals(status(StatusIndicator.MINOR, "Degraded System Service"),
      rollup(DEGRADED_PERFORMANCE, DEGRADED_PERFORMANCE));
    assertEquals(status(StatusIndicator.MINOR, "Partially Degraded Service"),
      rollup(DEGRADED_PERFORMANCE, OPERATIONAL));
  }

  @Test
  void worstFollowsSeverity() {
    assertEquals(UNDER_MAINTENANCE, ComponentStatuses.worst(List.of(OPERATIONAL, UNDER_MAINTENANCE)));
    assertEquals(DEGRADED_PERFORMANCE, ComponentStatuses.worst(List.of(UNDER_MAINTENANCE, DEGRADED_PERFORMANCE)));
    assertEquals(MAJOR_OUTAGE, ComponentStatuses.worst(List.of(MAJOR_OUTAGE, PARTIAL_OUTAGE)));
    assertEquals(PARTIAL_OUTAGE, ComponentStatuses.worst(List.of(OPERATIONAL, PARTIAL_OUTAGE, DEGRADED_PERFORMANCE)));
    assertEquals(OPERATIONAL, ComponentStatuses.worst(List.of()));
  }

  @Test
  void severityOrderIsTheDocumentedOneWhateverTheEnumOrder() {
    List<ComponentStatus> sorted = new ArrayList<>(List.of(MAJOR_OUTAGE, OPERATIONAL, PARTIAL_OUTAGE,
      UNDER_MAINTENANCE, DEGRADED_PERFORMANCE));
    sorted.sort(ComponentStatuses.SEVERITY);
    assertEquals(List.of(OPERATIONAL, UNDER_MAINTENANCE, DEGRADED_PERFORMANCE, PARTIAL_OUTAGE, MAJOR_OUTAGE), sorted);
    assertEquals(0, ComponentStatuses.severity(OPERATIONAL));
    assertEquals(4, ComponentStatuses.severity(MAJOR_OUTAGE));
  }

  @Test
  void everyStatusHasWordsForPeople() {
    assertEquals("Operational", ComponentStatuses.words(OPERATIONAL));
    assertEquals("Under maintenance", ComponentStatuses.words(UNDER_MAINTENANCE));
    assertEquals("Degraded performance", ComponentStatuses.words(DEGRADED_PERFORMANCE));
    assertEquals("Partial outage", ComponentStatuses.words(PARTIAL_OUTAGE));
    assertEquals("Major outage", ComponentStatuses.words(MAJOR_OUTAGE));
    for (StatusIndicator indicator : StatusIndicator.values()) {
      assertFalse(ComponentStatuses.words(indicator).isBlank(), indicator.toString());
    }
    assertEquals("Major System Outage", ComponentStatuses.words(StatusIndicator.CRITICAL));
    assertThrows(NullPointerException.class, () -> ComponentStatuses.words((ComponentStatus) null));
  }

  @Test
  void theRollupIsWrittenWithTheContractKeys() throws Exception {
    assertEquals("{\"indicator\":\"minor\",\"description\":\"Degraded System Service\"}",
      new ObjectMapper().writeValueAsString(rollup(DEGRADED_PERFORMANCE)));
  }

  @Test
  void wireNamesAreTheContractsAndUnknownOnesAreRefused() {
    for (ComponentStatus status : ComponentStatus.values()) {
      assertEquals(status, ComponentStatus.fromValue(status.getValue()));
    }
    assertEquals("partial_outage", PARTIAL_OUTAGE.getValue());
    assertThrows(IllegalArgumentException.class, () -> ComponentStatus.fromValue("broken"));
  }

  @Test
  void rollupAgreesWithWorstOnTheIndicatorsSeverity() {
    // the indicator never looks better than the worst component
    for (ComponentStatus worst : ComponentStatus.values()) {
      Collection<ComponentStatus> page = List.of(OPERATIONAL, worst);
      StatusIndicator expected = switch (worst) {
        case OPERATIONAL -> StatusIndicator.NONE;
        case UNDER_MAINTENANCE -> StatusIndicator.MAINTENANCE;
        case DEGRADED_PERFORMANCE, PARTIAL_OUTAGE -> StatusIndicator.MINOR;
        case MAJOR_OUTAGE -> StatusIndicator.MAJOR;
      };
      assertEquals(expected, ComponentStatuses.rollup(page).getIndicator(), worst.toString());
    }
  }
}
