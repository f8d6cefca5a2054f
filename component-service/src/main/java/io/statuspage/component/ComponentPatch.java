package io.statuspage.component;

import io.statuspage.api.model.ComponentCreateRequest;
import io.statuspage.api.model.ComponentCreateRequestComponent;
import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.ComponentUpdateRequest;
import io.statuspage.api.model.ComponentUpdateRequestComponent;
import io.statuspage.bus.Requests;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.util.Set;

/**
 * The {@code component} of a create or update request, read into the contract's model; null means "not given".
 * The model cannot tell an absent field from an explicit null, and an update must: an explicit null clears
 * {@code description} or {@code start_date} and takes the component out of its group, an absent one keeps it. So the
 * keys the request has are kept too.
 */
record ComponentPatch(String name, String description, ComponentStatus status, Boolean showcase,
                      Boolean onlyShowIfDegraded, LocalDate startDate, String groupId, Integer position,
                      Boolean automationHold, Set<String> keys) {

  static ComponentPatch create(JsonObject request) {
    ComponentCreateRequestComponent c = Requests.required(
      Requests.read(request, ComponentCreateRequest.class).getComponent(), "component");
    // Required by the contract, and the one field a new component cannot do without.
    Requests.required(c.getName(), "component.name");
    return new ComponentPatch(c.getName(), c.getDescription(), c.getStatus(), c.getShowcase(),
      c.getOnlyShowIfDegraded(), c.getStartDate(), groupRef(c.getGroupId()), c.getPosition(), null, keys(request));
  }

  static ComponentPatch update(JsonObject request) {
    ComponentUpdateRequestComponent c = Requests.required(
      Requests.read(request, ComponentUpdateRequest.class).getComponent(), "component");
    return new ComponentPatch(c.getName(), c.getDescription(), c.getStatus(), c.getShowcase(),
      c.getOnlyShowIfDegraded(), c.getStartDate(), groupRef(c.getGroupId()), c.getPosition(), c.getAutomationHold(),
      keys(request));
  }

  boolean hasDescription() {
    return keys.contains("description");
  }

  boolean hasStartDate() {
    return keys.contains("start_date");
  }

  boolean hasGroup() {
    return keys.contains("group_id");
  }

  /** Statuspage's group reference: null, or the string "null", means no group. */
  private static String groupRef(String ref) {
    return ref == null || ref.isBlank() || ref.equals("null") ? null : ref;
  }

  private static Set<String> keys(JsonObject request) {
    return Set.copyOf(request.getJsonObject("component").fieldNames());
  }
}
