package io.statuspage.bus.messages;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.statuspage.api.model.ComponentStatus;

import java.util.List;
import java.util.Map;

/**
 * Request of {@code component.statuses.apply} ({@link io.statuspage.bus.Services.Component#STATUSES_APPLY}): set the
 * statuses of several components of a page in one transaction.
 *
 * <p>Payload: {@code {"page_id", "statuses": {id: ComponentStatus}, "expect": {id: ComponentStatus} | null,
 * "component_ids": [id], "actor"}}. A component named in {@code expect} is changed only while its status is still the
 * expected one (a compensation does not undo someone else's later change). {@code component_ids} are further
 * components whose views are wanted, unchanged. With {@code statuses} non-empty the {@link
 * io.statuspage.bus.Services#REQUEST_ID} header is required and the change is applied once per id; with
 * {@code statuses} empty it is a read, with or without an id. {@code actor} is who the status history names (the
 * caller when null).
 *
 * <p>Sender: incident-service ({@code ComponentChanges}), for an incident's components and the automatic moves of
 * scheduled maintenance, and for their compensation. Consumer: component-service; replies {@link StatusesApplied}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StatusesApply(String pageId, Map<String, ComponentStatus> statuses, Map<String, ComponentStatus> expect,
                            List<String> componentIds, String actor) {

  public StatusesApply {
    statuses = statuses == null ? Map.of() : statuses;
    expect = expect == null ? Map.of() : expect;
    componentIds = componentIds == null ? List.of() : componentIds;
  }
}
