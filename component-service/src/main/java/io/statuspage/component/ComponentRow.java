package io.statuspage.component;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A row of {@code component}: a component, or a group when {@code group} is true. */
record ComponentRow(String id, String pageId, String name, String description, Status status, int position,
                    String groupId, boolean group, boolean showcase, boolean onlyShowIfDegraded,
                    LocalDate startDate, String automationEmail, OffsetDateTime createdAt,
                    OffsetDateTime updatedAt) {

  /** A new component; its place is decided by the page's {@link Layout}. */
  static ComponentRow component(String id, String pageId, ComponentPatch p, OffsetDateTime now) {
    return new ComponentRow(id, pageId, p.name(), p.description(), p.status() == null ? Status.OPERATIONAL : p.status(),
      1, null, false, Boolean.TRUE.equals(p.showcase()), Boolean.TRUE.equals(p.onlyShowIfDegraded()), p.startDate(),
      null, now, now);
  }

  /** A new group; its stored status is a placeholder, the shown one is its members' worst. */
  static ComponentRow group(String id, String pageId, String name, String description, OffsetDateTime now) {
    return new ComponentRow(id, pageId, name, description, Status.OPERATIONAL, 1, null, true, false, false, null,
      null, now, now);
  }

  /** This component with the patch's fields applied; itself when the patch changes nothing. */
  ComponentRow edit(ComponentPatch p, OffsetDateTime now) {
    ComponentRow edited = new ComponentRow(id, pageId, p.name() != null ? p.name() : name,
      p.hasDescription() ? p.description() : description, p.status() != null ? p.status() : status, position,
      groupId, group, p.showcase() != null ? p.showcase() : showcase,
      p.onlyShowIfDegraded() != null ? p.onlyShowIfDegraded() : onlyShowIfDegraded,
      p.hasStartDate() ? p.startDate() : startDate, automationEmail, createdAt, updatedAt);
    return edited.equals(this) ? this : edited.touched(now);
  }

  /** This group renamed or re-described; itself when nothing changes. */
  ComponentRow describe(String newName, boolean hasDescription, String newDescription, OffsetDateTime now) {
    ComponentRow edited = new ComponentRow(id, pageId, newName != null ? newName : name,
      hasDescription ? newDescription : description, status, position, groupId, group, showcase, onlyShowIfDegraded,
      startDate, automationEmail, createdAt, updatedAt);
    return edited.equals(this) ? this : edited.touched(now);
  }

  ComponentRow placed(String newGroupId, int newPosition) {
    return new ComponentRow(id, pageId, name, description, status, newPosition, newGroupId, group, showcase,
      onlyShowIfDegraded, startDate, automationEmail, createdAt, updatedAt);
  }

  ComponentRow touched(OffsetDateTime now) {
    return new ComponentRow(id, pageId, name, description, status, position, groupId, group, showcase,
      onlyShowIfDegraded, startDate, automationEmail, createdAt, now);
  }
}
