package io.statuspage.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.IncidentStatus;
import io.statuspage.api.model.Page;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.api.model.PublicIncident;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContractModuleTest {

  private final ObjectMapper mapper = new ObjectMapper().registerModule(new ContractModule());

  private static PublicComponent component(boolean group) {
    return new PublicComponent().id("c1").name("API").status(ComponentStatus.OPERATIONAL).position(1)
      .showcase(false).group(group).onlyShowIfDegraded(false).pageId("p1").components(group ? List.of("c2") : null);
  }

  @Test
  void aComponentHasMembersOnlyWhenItIsAGroup() throws Exception {
    assertEquals("{\"id\":\"c1\",\"name\":\"API\",\"status\":\"operational\",\"created_at\":null,"
      + "\"updated_at\":null,\"position\":1,\"description\":null,\"showcase\":false,\"start_date\":null,"
      + "\"group_id\":null,\"page_id\":\"p1\",\"group\":false,\"only_show_if_degraded\":false}",
      mapper.writeValueAsString(component(false)));
    String read = mapper.writeValueAsString(mapper.readValue(mapper.writeValueAsString(component(false)),
      PublicComponent.class));
    assertFalse(read.contains("components"), read);
    assertTrue(mapper.writeValueAsString(component(true))
      .endsWith(",\"only_show_if_degraded\":false,\"components\":[\"c2\"]}"));
  }

  @Test
  void anIncidentHasAWindowOnlyWhenItIsAMaintenance() throws Exception {
    mapper.findAndRegisterModules();
    PublicIncident incident = new PublicIncident().id("i1").name("Slow").status(IncidentStatus.RESOLVED);
    String realtime = mapper.writeValueAsString(incident);
    assertFalse(realtime.contains("scheduled_for") || realtime.contains("scheduled_until"), realtime);
    assertTrue(realtime.contains("\"resolved_at\":null"), "other nullable fields stay: " + realtime);
    String maintenance = mapper.writeValueAsString(incident.status(IncidentStatus.SCHEDULED)
      .scheduledFor(OffsetDateTime.parse("2026-12-02T10:00:00Z")).scheduledUntil(null));
    assertTrue(maintenance.contains("\"scheduled_for\":"), maintenance);
  }

  @Test
  void nullableFieldsAreStillWrittenAsNull() throws Exception {
    assertEquals("{\"id\":\"p1\",\"name\":null,\"page_description\":null,\"url\":null,\"time_zone\":null,"
      + "\"created_at\":null,\"updated_at\":null}", mapper.writeValueAsString(new Page().id("p1")));
  }

  @Test
  void withoutTheModuleTheGeneratedModelWouldWriteANullList() throws Exception {
    assertTrue(new ObjectMapper().writeValueAsString(component(false)).contains("\"components\":null"));
  }
}
