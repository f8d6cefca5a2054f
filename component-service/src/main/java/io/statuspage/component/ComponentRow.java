package io.statuspage.component;

import io.statuspage.api.model.Component;
import io.statuspage.api.model.ComponentGroup;
import io.statuspage.api.model.ComponentStatus;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.runtime.Json;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** A row of {@code component}: a component, or a group when {@code group} is true. */
record ComponentRow(String id, String pageId, String name, String description, ComponentStatus status, int position,
                    String groupId, boolean group, boolean showcase, boolean onlyShowIfDegraded,
                    LocalDate startDate, String automationEmail, OffsetDateTime createdAt,
                    OffsetDateTime updatedAt, boolean automationHold) {

  /**
   * A new component; its place is decided by the page's {@link Layout}. Created with a status other than operational,
   * it is held against automation as any status a person sets.
   */
  static ComponentRow component(String id, String pageId, ComponentPatch p, OffsetDateTime now) {
    return new ComponentRow(id, pageId, p.name(), p.description(),
      p.status() == null ? ComponentStatus.OPERATIONAL : p.status(), 1, null, false, Boolean.TRUE.equals(p.showcase()),
      Boolean.TRUE.equals(p.onlyShowIfDegraded()), p.startDate(), null, now, now,
      p.status() != null && p.status() != ComponentStatus.OPERATIONAL);
  }

  /** A new group; its stored status is a placeholder, the shown one is its members' worst. */
  static ComponentRow group(String id, String pageId, String name, String description, OffsetDateTime now) {
    return new ComponentRow(id, pageId, name, description, ComponentStatus.OPERATIONAL, 1, null, true, false, false,
      null, null, now, now, false);
  }

  /**
   * This component with the patch's fields applied; itself when the patch changes nothing. A person's status holds the
   * component against automation, operational releases it; an explicit {@code automation_hold} wins.
   */
  ComponentRow edit(ComponentPatch p, OffsetDateTime now) {
    boolean hold = p.automationHold() != null ? p.automationHold()
      : p.status() != null ? p.status() != ComponentStatus.OPERATIONAL : automationHold;
    ComponentRow edited = new ComponentRow(id, pageId, p.name() != null ? p.name() : name,
      p.hasDescription() ? p.description() : description, p.status() != null ? p.status() : status, position,
      groupId, group, p.showcase() != null ? p.showcase() : showcase,
      p.onlyShowIfDegraded() != null ? p.onlyShowIfDegraded() : onlyShowIfDegraded,
      p.hasStartDate() ? p.startDate() : startDate, automationEmail, createdAt, updatedAt, hold);
    return edited.equals(this) ? this : edited.touched(now);
  }

  /** This group renamed or re-described; itself when nothing changes. */
  ComponentRow describe(String newName, boolean hasDescription, String newDescription, OffsetDateTime now) {
    ComponentRow edited = new ComponentRow(id, pageId, newName != null ? newName : name,
      hasDescription ? newDescription : description, status, position, groupId, group, showcase, onlyShowIfDegraded,
      startDate, automationEmail, createdAt, updatedAt, automationHold);
    return edited.equals(this) ? this : edited.touched(now);
  }

  /** This component at {@code newStatus}; itself when it is there already. */
  ComponentRow status(ComponentStatus newStatus, OffsetDateTime now) {
    return newStatus == status ? this : new ComponentRow(id, pageId, name, description, newStatus, position, groupId,
      group, showcase, onlyShowIfDegraded, startDate, automationEmail, createdAt, now, automationHold);
  }

  /** This component held against automation or released; itself when it already is. */
  ComponentRow hold(boolean held) {
    return held == automationHold ? this : new ComponentRow(id, pageId, name, description, status, position, groupId,
      group, showcase, onlyShowIfDegraded, startDate, automationEmail, createdAt, updatedAt, held);
  }

  ComponentRow placed(String newGroupId, int newPosition) {
    return new ComponentRow(id, pageId, name, description, status, newPosition, newGroupId, group, showcase,
      onlyShowIfDegraded, startDate, automationEmail, createdAt, updatedAt, automationHold);
  }

  ComponentRow touched(OffsetDateTime now) {
    return new ComponentRow(id, pageId, name, description, status, position, groupId, group, showcase,
      onlyShowIfDegraded, startDate, automationEmail, createdAt, now, automationHold);
  }

  /** The management API's {@code Component}, its times in the page's zone. */
  Component view(ZoneId zone) {
    return new Component()
      .id(id)
      .pageId(pageId)
      .groupId(groupId)
      .createdAt(Json.inZone(createdAt, zone))
      .updatedAt(Json.inZone(updatedAt, zone))
      .group(group)
      .name(name)
      .description(description)
      .position(position)
      .status(status)
      .showcase(showcase)
      .onlyShowIfDegraded(onlyShowIfDegraded)
      .automationEmail(automationEmail)
      .startDate(startDate)
      .automationHold(automationHold);
  }

  /** The public API's component: a group with its members, and the status {@code shown} (a group's is its worst). */
  PublicComponent publicView(ComponentStatus shown, List<String> members, ZoneId zone) {
    return new PublicComponent()
      .id(id)
      .name(name)
      .status(shown)
      .createdAt(Json.inZone(createdAt, zone))
      .updatedAt(Json.inZone(updatedAt, zone))
      .position(position)
      .description(description)
      .showcase(showcase)
      .startDate(startDate)
      .groupId(groupId)
      .pageId(pageId)
      .group(group)
      .onlyShowIfDegraded(onlyShowIfDegraded)
      .components(group ? new ArrayList<>(members) : null);
  }

  /** The management API's {@code ComponentGroup}, with its members in order. */
  ComponentGroup groupView(List<String> members, ZoneId zone) {
    return new ComponentGroup()
      .id(id)
      .pageId(pageId)
      .name(name)
      .description(description)
      .components(new ArrayList<>(members))
      .position(position)
      .createdAt(Json.inZone(createdAt, zone))
      .updatedAt(Json.inZone(updatedAt, zone));
  }
}
