package io.statuspage.component;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.statuspage.component.Status.DEGRADED_PERFORMANCE;
import static io.statuspage.component.Status.MAJOR_OUTAGE;
import static io.statuspage.component.Status.OPERATIONAL;
import static io.statuspage.component.Status.PARTIAL_OUTAGE;
import static io.statuspage.component.Status.UNDER_MAINTENANCE;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusRollupTest {

  @Test
  void noComponentsOrAllOperationalIsNone() {
    assertEquals(new StatusRollup("none", "All Systems Operational"), StatusRollup.of(List.of()));
    assertEquals(new StatusRollup("none", "All Systems Operational"),
      StatusRollup.of(List.of(OPERATIONAL, OPERATIONAL)));
  }

  @Test
  void maintenanceWhenNothingIsWorse() {
    assertEquals(new StatusRollup("maintenance", "Service Under Maintenance"),
      StatusRollup.of(List.of(OPERATIONAL, UNDER_MAINTENANCE)));
    assertEquals(new StatusRollup("minor", "Partially Degraded Service"),
      StatusRollup.of(List.of(UNDER_MAINTENANCE, DEGRADED_PERFORMANCE, OPERATIONAL)));
  }

  @Test
  void majorOutages() {
    assertEquals(new StatusRollup("critical", "Major System Outage"),
      StatusRollup.of(List.of(MAJOR_OUTAGE, MAJOR_OUTAGE)));
    assertEquals(new StatusRollup("major", "Partial System Outage"),
      StatusRollup.of(List.of(MAJOR_OUTAGE, OPERATIONAL)));
    assertEquals(new StatusRollup("major", "Partial System Outage"),
      StatusRollup.of(List.of(PARTIAL_OUTAGE, MAJOR_OUTAGE)));
  }

  @Test
  void partialOutages() {
    assertEquals(new StatusRollup("major", "Partial System Outage"), StatusRollup.of(List.of(PARTIAL_OUTAGE)));
    assertEquals(new StatusRollup("minor", "Minor Service Outage"),
      StatusRollup.of(List.of(PARTIAL_OUTAGE, DEGRADED_PERFORMANCE)));
  }

  @Test
  void degradedPerformance() {
    assertEquals(new StatusRollup("minor", "Degraded System Service"),
      StatusRollup.of(List.of(DEGRADED_PERFORMANCE, DEGRADED_PERFORMANCE)));
    assertEquals(new StatusRollup("minor", "Partially Degraded Service"),
      StatusRollup.of(List.of(DEGRADED_PERFORMANCE, OPERATIONAL)));
  }

  @Test
  void worstFollowsSeverity() {
    assertEquals(UNDER_MAINTENANCE, Status.worst(List.of(OPERATIONAL, UNDER_MAINTENANCE)));
    assertEquals(DEGRADED_PERFORMANCE, Status.worst(List.of(UNDER_MAINTENANCE, DEGRADED_PERFORMANCE)));
    assertEquals(MAJOR_OUTAGE, Status.worst(List.of(MAJOR_OUTAGE, PARTIAL_OUTAGE)));
    assertEquals(OPERATIONAL, Status.worst(List.of()));
  }

  @Test
  void toJsonHasTheContractKeys() {
    assertEquals("{\"indicator\":\"minor\",\"description\":\"Degraded System Service\"}",
      StatusRollup.of(List.of(DEGRADED_PERFORMANCE)).toJson().encode());
  }
}
