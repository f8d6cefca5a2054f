package io.statuspage.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.statuspage.api.model.CheckResult;
import io.statuspage.api.model.Probe;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.api.model.PublicIncident;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What the contract says about its JSON that the generated models' annotations cannot: they write every field, null
 * or not (openApiNullable is off, so a nullable field and an optional one look alike). Register it on the mapper that
 * serialises the models.
 */
public final class ContractModule extends SimpleModule {

  public ContractModule() {
    super("statuspage-contract");
    setMixInAnnotation(PublicComponent.class, PublicComponentJson.class);
    setMixInAnnotation(PublicIncident.class, PublicIncidentJson.class);
    setMixInAnnotation(Probe.class, ProbeJson.class);
  }

  /** A probe's latest result is absent until it first ran (the contract's {@code CheckResult} is not nullable). */
  private abstract static class ProbeJson {
    @JsonInclude(JsonInclude.Include.NON_NULL)
    abstract CheckResult getLastResult();
  }

  /**
   * A public component's {@code components} is on groups only: optional and not nullable, so absent, never null.
   * Empty counts as absent too, as reading an absent one gives the model's empty default (a group has members).
   */
  private abstract static class PublicComponentJson {
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    abstract List<String> getComponents();
  }

  /** A public incident's window is on maintenances only, as Statuspage writes them: absent on a realtime incident. */
  private abstract static class PublicIncidentJson {
    @JsonInclude(JsonInclude.Include.NON_NULL)
    abstract OffsetDateTime getScheduledFor();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    abstract OffsetDateTime getScheduledUntil();
  }
}
